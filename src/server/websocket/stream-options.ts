import type { PodExecOptions, PodStreamFlags } from "../../api/pod-streams.js";
import { apiErrors } from "../../api/status.js";

function flag(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  return v === "true" || v === "1" || v === "True" || v === "TRUE" || v === "t" || v === "T";
}

/** core/v1 PodAttachOptions from the query, validated as upstream's apiserver does. */
export function attachOptions(q: URLSearchParams): PodStreamFlags {
  const out: PodStreamFlags = { stdin: flag(q, "stdin"), stdout: flag(q, "stdout"), stderr: flag(q, "stderr"), tty: flag(q, "tty") };
  const container = q.get("container");
  if (container) out.container = container;
  if (!out.stdin && !out.stdout && !out.stderr) throw apiErrors.badRequest("you must specify at least 1 of stdin, stdout, stderr");
  return out;
}

/** core/v1 PodExecOptions from the query (command repeated once per argument). */
export function execOptions(q: URLSearchParams): PodExecOptions {
  const command = q.getAll("command");
  if (command.length === 0) throw apiErrors.badRequest("you must specify at least one command for the container");
  return { ...attachOptions(q), command };
}
