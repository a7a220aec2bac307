import { appendFileSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, posix } from "node:path";
import type { MountSpec } from "../runtime.js";

/** Why a simulated file operation failed, worded like coreutils' errors. */
export class SimFileError extends Error {}

const UNAVAILABLE = "not available in the simulated runtime";

/**
 * The file system a simulated container sees: its volumes (read and written through to their host
 * directories, so a simulated pod can leave data in a PVC) and /dev/null. Everything else is
 * absent: the simulated runtime has no image to read files from.
 */
export class SimFiles {
  constructor(
    private readonly mounts: readonly MountSpec[],
    private readonly cwd: string,
  ) {}

  read(path: string): string {
    if (this.absolute(path) === "/dev/null") return "";
    const host = this.hostPath(path);
    try {
      return readFileSync(host, "utf8");
    } catch (error) {
      throw new SimFileError(describe(error, path));
    }
  }

  write(path: string, text: string, options: { append: boolean }): void {
    if (this.absolute(path) === "/dev/null") return;
    const mount = this.mountOf(path);
    if (mount?.readOnly) throw new SimFileError(`cannot create ${path}: Read-only file system`);
    const host = this.hostPath(path);
    try {
      if (options.append) appendFileSync(host, text);
      else writeFileSync(host, text);
    } catch (error) {
      throw new SimFileError(`cannot create ${path}: ${describe(error, path).replace(/^.*: /, "")}`);
    }
  }

  /** The names in a directory (sorted), or the path itself for a file. */
  list(path: string): string[] {
    const host = this.hostPath(path);
    try {
      if (!statSync(host).isDirectory()) return [path];
      return readdirSync(host).sort();
    } catch (error) {
      throw new SimFileError(`cannot access '${path}': ${describe(error, path).replace(/^.*: /, "")}`);
    }
  }

  private absolute(path: string): string {
    return posix.resolve(this.cwd, path);
  }

  private mountOf(path: string): MountSpec | undefined {
    const absolute = this.absolute(path);
    let best: MountSpec | undefined;
    for (const mount of this.mounts) {
      const at = posix.normalize(mount.mountPath);
      const inside = absolute === at || absolute.startsWith(at.endsWith("/") ? at : `${at}/`);
      if (inside && (!best || at.length > posix.normalize(best.mountPath).length)) best = mount;
    }
    return best;
  }

  private hostPath(path: string): string {
    const mount = this.mountOf(path);
    if (!mount) throw new SimFileError(`${path}: ${UNAVAILABLE} (only volumes are)`);
    const rest = posix.relative(posix.normalize(mount.mountPath), this.absolute(path));
    return join(mount.hostPath, mount.subPath ?? "", rest);
  }
}

function describe(error: unknown, path: string): string {
  const code = error instanceof Error && "code" in error ? error.code : undefined;
  if (code === "ENOENT") return `${path}: No such file or directory`;
  if (code === "EISDIR") return `${path}: Is a directory`;
  if (code === "EACCES") return `${path}: Permission denied`;
  if (code === "ENOTDIR") return `${path}: Not a directory`;
  return `${path}: ${error instanceof Error ? error.message : String(error)}`;
}
