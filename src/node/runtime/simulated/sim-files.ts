import { appendFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, posix } from "node:path";
import type { MountSpec } from "../runtime.js";

/** Why a simulated file operation failed, worded like coreutils' errors. */
export class SimFileError extends Error {}

export type SimFileKind = "file" | "dir";

/**
 * The file system a simulated container (its main process and its execs) sees. Its volumes are
 * read and written through to their host directories, so a simulated pod can leave data in a
 * PVC. Every other path starts out empty (there is no image) and holds, in memory, what the
 * container wrote there: enough for `touch /tmp/healthy` and a `cat /tmp/healthy` probe.
 */
export class SimFiles {
  private readonly files = new Map<string, string>();
  private readonly dirs = new Set<string>(["/", "/tmp", "/dev"]);

  constructor(
    private readonly mounts: readonly MountSpec[],
    private readonly cwd: string,
  ) {
    this.dirs.add(posix.resolve(cwd));
  }

  read(path: string): string {
    const at = this.absolute(path);
    if (at === "/dev/null") return "";
    const host = this.hostPath(at);
    if (host === undefined) {
      const text = this.files.get(at);
      if (text === undefined) throw new SimFileError(`${path}: ${this.dirs.has(at) ? "Is a directory" : "No such file or directory"}`);
      return text;
    }
    try {
      return readFileSync(host, "utf8");
    } catch (error) {
      throw new SimFileError(describe(error, path));
    }
  }

  write(path: string, text: string, options: { append: boolean }): void {
    const at = this.absolute(path);
    if (at === "/dev/null") return;
    if (this.mountOf(at)?.readOnly) throw new SimFileError(`cannot create ${path}: Read-only file system`);
    const host = this.hostPath(at);
    if (host === undefined) {
      if (this.dirs.has(at)) throw new SimFileError(`cannot create ${path}: Is a directory`);
      this.files.set(at, (options.append ? (this.files.get(at) ?? "") : "") + text);
      return;
    }
    try {
      if (options.append) appendFileSync(host, text);
      else writeFileSync(host, text);
    } catch (error) {
      throw new SimFileError(`cannot create ${path}: ${reason(error)}`);
    }
  }

  kind(path: string): SimFileKind | undefined {
    const at = this.absolute(path);
    const host = this.hostPath(at);
    if (host === undefined) return this.files.has(at) ? "file" : this.dirs.has(at) ? "dir" : undefined;
    try {
      return statSync(host).isDirectory() ? "dir" : "file";
    } catch {
      return undefined;
    }
  }

  makeDir(path: string): void {
    const at = this.absolute(path);
    if (this.mountOf(at)?.readOnly) throw new SimFileError(`cannot create directory '${path}': Read-only file system`);
    const host = this.hostPath(at);
    if (host === undefined) {
      for (let dir = at; dir !== "/"; dir = posix.dirname(dir)) this.dirs.add(dir);
      return;
    }
    mkdirSync(host, { recursive: true });
  }

  remove(path: string, options: { recursive: boolean }): void {
    const at = this.absolute(path);
    if (this.mountOf(at)?.readOnly) throw new SimFileError(`cannot remove '${path}': Read-only file system`);
    const host = this.hostPath(at);
    if (host === undefined) {
      if (!this.files.delete(at) && !(options.recursive && this.dirs.delete(at))) {
        throw new SimFileError(`cannot remove '${path}': ${this.dirs.has(at) ? "Is a directory" : "No such file or directory"}`);
      }
      return;
    }
    try {
      rmSync(host, { recursive: options.recursive });
    } catch (error) {
      throw new SimFileError(`cannot remove '${path}': ${reason(error)}`);
    }
  }

  /** The names in a directory (sorted), or the path itself for a file. */
  list(path: string): string[] {
    const at = this.absolute(path);
    const host = this.hostPath(at);
    if (host === undefined) {
      if (this.files.has(at)) return [path];
      if (!this.dirs.has(at)) throw new SimFileError(`cannot access '${path}': No such file or directory`);
      const inside = [...this.files.keys(), ...this.dirs].filter((p) => p !== at && posix.dirname(p) === at);
      return inside.map((p) => posix.basename(p)).sort();
    }
    try {
      if (!statSync(host).isDirectory()) return [path];
      return readdirSync(host).sort();
    } catch (error) {
      throw new SimFileError(`cannot access '${path}': ${reason(error)}`);
    }
  }

  private absolute(path: string): string {
    return posix.resolve(this.cwd, path);
  }

  private mountOf(absolute: string): MountSpec | undefined {
    let best: MountSpec | undefined;
    for (const mount of this.mounts) {
      const at = posix.normalize(mount.mountPath);
      const inside = absolute === at || absolute.startsWith(at.endsWith("/") ? at : `${at}/`);
      if (inside && (!best || at.length > posix.normalize(best.mountPath).length)) best = mount;
    }
    return best;
  }

  /** Where a path inside a volume is on the host; undefined outside volumes. */
  private hostPath(absolute: string): string | undefined {
    const mount = this.mountOf(absolute);
    if (!mount) return undefined;
    return join(mount.hostPath, mount.subPath ?? "", posix.relative(posix.normalize(mount.mountPath), absolute));
  }
}

function reason(error: unknown): string {
  const code = error instanceof Error && "code" in error ? error.code : undefined;
  const reasons: Record<string, string> = {
    ENOENT: "No such file or directory",
    EISDIR: "Is a directory",
    EACCES: "Permission denied",
    ENOTDIR: "Not a directory",
    ENOTEMPTY: "Directory not empty",
  };
  return (typeof code === "string" ? reasons[code] : undefined) ?? (error instanceof Error ? error.message : String(error));
}

function describe(error: unknown, path: string): string {
  return `${path}: ${reason(error)}`;
}
