import { spawnSync } from "node:child_process";
import { accessSync, constants, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { RuntimeCapabilities } from "../runtime.js";

/** What the process runtime found on this host, once, when it was created. */
export interface HostSupport {
  readonly capabilities: RuntimeCapabilities;
  /** Absolute paths of the helper programs found (setpriv and script are optional even with isolation). */
  readonly programs: Readonly<Partial<Record<HelperProgram, string>>>;
  /** Whether overlayfs is available (to create mount points without touching the host). */
  readonly overlay: boolean;
}

export type HelperProgram = "unshare" | "nsenter" | "setpriv" | "mount" | "mkdir" | "chroot" | "sh" | "hostname" | "sleep" | "script" | "stty";

const NEEDED_FOR_ISOLATION: readonly HelperProgram[] = ["unshare", "nsenter", "setpriv", "mount", "mkdir", "chroot", "sh", "hostname", "sleep"];
const SEARCH_PATH = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

/** Finds an executable by name in the host's PATH and the usual directories. */
export function findProgram(name: string, path = process.env.PATH ?? ""): string | undefined {
  for (const dir of [...path.split(":").filter(Boolean), ...SEARCH_PATH]) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Decides whether pods get namespaces: Linux, root, the util-linux helpers present, and a trial
 * `unshare` that works (a container may forbid it). `isolation: "none"` skips all that.
 */
export function detectHostSupport(options: { isolation?: "auto" | "none" } = {}): HostSupport {
  const programs = Object.fromEntries(
    (["unshare", "nsenter", "setpriv", "mount", "mkdir", "chroot", "sh", "hostname", "sleep", "script", "stty"] as const)
      .map((name) => [name, findProgram(name)] as const)
      .filter(([, path]) => path !== undefined),
  ) as Partial<Record<HelperProgram, string>>;
  // util-linux script (BSD's takes other arguments).
  const tty = process.platform === "linux" && programs.script !== undefined && programs.stty !== undefined;
  const overlay = hasOverlay();
  const none = (isolationMessage: string): HostSupport => ({
    capabilities: { name: "process", isolation: "none", namespaces: [], isolationMessage, mountsAtMountPath: false, tty },
    programs,
    overlay,
  });
  if (options.isolation === "none") return none("isolation turned off: containers run as plain host processes");
  if (process.platform !== "linux") return none(`no Linux namespaces on ${process.platform}: containers run as plain host processes`);
  if (process.getuid?.() !== 0) return none("not running as root: containers run as plain host processes, without their own hostname or mounts");
  const missing = NEEDED_FOR_ISOLATION.filter((name) => programs[name] === undefined);
  if (missing.length > 0) return none(`missing ${missing.join(", ")} (util-linux): containers run as plain host processes`);
  const trial = spawnSync(programs.unshare!, ["--mount", "--pid", "--uts", "--ipc", "--fork", "--mount-proc", "true"], { encoding: "utf8" });
  if (trial.status !== 0) {
    const why = (trial.stderr || trial.error?.message || `exit ${trial.status}`).trim();
    return none(`unshare failed (${why}): containers run as plain host processes`);
  }
  return {
    capabilities: { name: "process", isolation: "namespaces", namespaces: ["mount", "pid", "uts", "ipc"], mountsAtMountPath: true, tty },
    programs,
    overlay,
  };
}

function hasOverlay(): boolean {
  try {
    return /\toverlay\n/.test(readFileSync("/proc/filesystems", "utf8"));
  } catch {
    return false;
  }
}

/**
 * Whether an overlay can keep its upper layer in dir (not when dir is itself on an overlay, as
 * inside a Docker container): tried once in a throwaway mount namespace.
 */
export function canLayerOnDisk(dir: string, support: HostSupport): boolean {
  const { unshare, mount } = support.programs;
  if (!support.overlay || !unshare || !mount) return false;
  const probe = join(dir, `.overlay-probe-${process.pid}`);
  try {
    for (const sub of ["upper", "work", "merged"]) mkdirSync(join(probe, sub), { recursive: true });
    const options = `lowerdir=/,upperdir=${join(probe, "upper")},workdir=${join(probe, "work")}`;
    const trial = spawnSync(unshare, ["--mount", "--", mount, "-t", "overlay", "overlay", "-o", options, join(probe, "merged")], { stdio: "ignore" });
    return trial.status === 0;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}
