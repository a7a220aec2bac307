/**
 * The errors upstream's PATCH handler answers with when a patch does not apply, as
 * StatusErrors (handlers/patch.go: interpretStrategicMergePatchError, applyJSPatch).
 */
import type { Status } from "../../api/status.js";
import { StatusError, apiErrors } from "../../api/status.js";

/** 400 with the decoding or format error's text. */
export function badPatch(message: string, cause?: unknown): StatusError {
  const err = apiErrors.badRequest(message);
  return cause === undefined ? err : new StatusError(err.status, { cause });
}

/**
 * 422 as NewGenericServerResponse writes it: a fixed message, the underlying error dropped
 * from the reply (kept here as the cause, for logs and tests).
 */
export function unprocessablePatch(detail: string): StatusError {
  const status: Status = {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: "the server rejected our request due to an error in our request",
    reason: "Invalid",
    details: {},
    code: 422,
  };
  return new StatusError(status, { cause: new Error(detail) });
}

/** A plain Go error reaching the handler: 500 with no reason and the error's text. */
export function unexpectedPatchError(message: string): StatusError {
  const status: Status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, code: 500 };
  return new StatusError(status);
}

/** The underlying detail of an unprocessablePatch error (its cause's message). */
export function patchErrorDetail(err: StatusError): string | undefined {
  return err.cause instanceof Error ? err.cause.message : undefined;
}
