import { statSync } from "node:fs";
import { posix } from "node:path";

export type Resolution = { readonly found: string } | { readonly error: string };

export interface ResolveOptions {
  /** The container's PATH. */
  readonly pathEnv: string;
  readonly workingDir: string;
  /** Where the container's path is on the host (undefined: nothing there the host can see). */
  readonly hostPathOf: (path: string) => string | undefined;
}

/**
 * Finds the program a container would run, as runc does before exec (Go's exec.LookPath in the
 * container's root), so that a missing one is a start failure worded like runc's rather than
 * an exit code 127 from a shell.
 */
export function resolveExecutable(program: string, options: ResolveOptions): Resolution {
  if (program.includes("/")) {
    const path = posix.resolve(options.workingDir, program);
    const problem = executableProblem(options.hostPathOf(path));
    if (problem === undefined) return { found: path };
    return { error: problem === "missing" ? `exec: "${program}": stat ${program}: no such file or directory` : `exec: "${program}": ${problem}` };
  }
  for (const dir of options.pathEnv.split(":")) {
    const path = posix.resolve(options.workingDir, dir || ".", program);
    if (executableProblem(options.hostPathOf(path)) === undefined) return { found: path };
  }
  return { error: `exec: "${program}": executable file not found in $PATH` };
}

function executableProblem(hostPath: string | undefined): "missing" | "is a directory" | "permission denied" | undefined {
  if (hostPath === undefined) return "missing";
  try {
    const stat = statSync(hostPath);
    if (stat.isDirectory()) return "is a directory";
    return (stat.mode & 0o111) !== 0 ? undefined : "permission denied";
  } catch {
    return "missing";
  }
}
