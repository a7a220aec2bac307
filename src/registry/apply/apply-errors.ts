/** The errors of server-side apply, worded as upstream's field manager words them. */
import type { Status, StatusCause } from "../../api/status.js";
import { StatusError, apiErrors } from "../../api/status.js";
import { formatPath } from "./field-set.js";
import { describeManager } from "./managers.js";
import type { Conflict } from "./ownership.js";

/** 409 listing every conflicting field (internal/conflict.go NewConflictError). */
export function conflictError(conflicts: readonly Conflict[]): StatusError {
  const causes: StatusCause[] = [];
  const lines: string[] = [];
  for (const c of conflicts) {
    const who = describeManager(c.manager);
    lines.push(`conflicts with ${who}:`);
    for (const path of c.set.paths()) {
      causes.push({ reason: "FieldManagerConflict", message: `conflict with ${who}`, field: formatPath(path) });
      lines.push(`- ${formatPath(path)}`);
    }
  }
  const message =
    causes.length === 1
      ? `Apply failed with 1 conflict: ${causes[0]!.message}: ${causes[0]!.field}`
      : `Apply failed with ${causes.length} conflicts: ${lines.join("\n")}`;
  const status: Status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason: "Conflict", details: { causes }, code: 409 };
  return new StatusError(status);
}

/** A Go error that reaches the handler unconverted: 500 with no reason. */
export function internalApplyError(message: string): StatusError {
  const status: Status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, code: 500 };
  return new StatusError(status);
}

export const applyBadRequest = (message: string): StatusError => apiErrors.badRequest(message);
