import { mkdirSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { ContainerSpec } from "../runtime.js";
import { ViewPlanError, planContainerView } from "./container-view.js";
import type { BindRequest, ContainerView, HostProbe, PathKind } from "./container-view.js";
import type { HostSupport } from "./host-support.js";
import { resolveExecutable } from "./resolve-executable.js";
import { setupScript } from "./setup-script.js";
import type { SetupScriptOptions } from "./setup-script.js";
import { underTerminal } from "./terminal.js";

/** How to spawn a container's process. */
export interface Launch {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /**
   * The lines fd 3 carries before the command runs: the setup script's "ok" (isolated containers,
   * which also report "pid N"), the idle stand-in's "idle" once its trap is set; none: no fd 3.
   */
  readonly ready: readonly ("ok" | "idle")[];
  /** The main process is an idle stand-in for an image entrypoint. */
  readonly idle: boolean;
}

export interface LaunchOptions {
  readonly spec: ContainerSpec;
  readonly env: ReadonlyMap<string, string>;
  readonly support: HostSupport;
  /** The pod's infra process, whose UTS and IPC namespaces the container joins (isolated only). */
  readonly infraPid?: number;
  /** An empty directory of the runtime's own for this container. */
  readonly scratch: string;
  /** Where overlay upper layers go (setup-script.ts). */
  readonly layers: SetupScriptOptions["layers"];
  readonly mountPoints: readonly string[];
}

/**
 * What stands in for an image's entrypoint: a shell that sleeps until told to stop, and then exits
 * 0. It says "idle" on fd 3 once it can be told (a SIGTERM before its trap would be lost on PID 1).
 */
const IDLE = `trap 'exit 0' TERM INT; echo idle >&3; exec 3>&-; sleep infinity & wait`;

const PREFIX = "failed to create task: ";

/** Decides how to start a container, or why it cannot start (a message for reason StartError). */
export function planLaunch(options: LaunchOptions): Launch | { startError: string } {
  const { spec, support } = options;
  const isolated = support.capabilities.isolation === "namespaces";
  const workingDir = spec.workingDir || "/";
  const binds = isolated ? bindRequests(spec) : [];
  if ("error" in binds) return { startError: `${PREFIX}${binds.error}` };
  let view: ContainerView;
  try {
    view = isolated
      ? planContainerView(binds, { workingDir, probe: hostProbe(options) })
      : { steps: [], hostPathOf: (path) => path };
  } catch (error) {
    if (error instanceof ViewPlanError) return { startError: `${PREFIX}${error.message}` };
    throw error;
  }
  if (!isolated && kindOf(workingDir) !== "dir") {
    return { startError: `${PREFIX}unable to start container process: chdir to cwd ("${workingDir}"): no such file or directory` };
  }
  const idle = spec.argv === undefined || spec.argv.length === 0;
  const command = idle ? [support.programs.sh ?? "/bin/sh", "-c", IDLE] : [...spec.argv!];
  if (!idle) {
    const resolution = resolveExecutable(command[0]!, { pathEnv: options.env.get("PATH") ?? "", workingDir, hostPathOf: view.hostPathOf });
    if ("error" in resolution) return { startError: `${PREFIX}unable to start container process: ${resolution.error}` };
  }
  const env = Object.fromEntries(options.env);
  // The idle stand-in reads nothing, so it never needs a terminal.
  const tty = spec.tty && !idle && support.capabilities.tty ? { argv: command, shell: options.env.get("SHELL") } : undefined;
  if (tty) env.SHELL = "/bin/sh";
  if (isolated) {
    const argv = isolatedArgv({ options, view, workingDir, command, tty, keepStatusFd: idle });
    return { argv, cwd: "/", env, ready: idle ? ["ok", "idle"] : ["ok"], idle };
  }
  const main = tty ? underTerminal(command, { script: support.programs.script!, shell: tty.shell }) : command;
  const argv = support.programs.setpriv ? [support.programs.setpriv, "--pdeathsig", "KILL", "--", ...main] : main;
  return { argv, cwd: workingDir, env, ready: idle ? ["idle"] : [], idle };
}

function isolatedArgv(at: {
  options: LaunchOptions;
  view: ContainerView;
  workingDir: string;
  command: readonly string[];
  tty?: { argv: readonly string[]; shell?: string };
  keepStatusFd: boolean;
}): string[] {
  const { programs } = at.options.support;
  const setup = setupScript({
    view: at.view,
    workingDir: at.workingDir,
    scratch: at.options.scratch,
    layers: at.options.layers,
    programs: {
      mount: programs.mount!,
      mkdir: programs.mkdir!,
      chroot: programs.chroot!,
      sh: programs.sh!,
      setpriv: programs.setpriv!,
      ...(programs.script ? { script: programs.script } : {}),
    },
    ...(at.tty ? { tty: at.tty } : {}),
    keepStatusFd: at.keepStatusFd,
  });
  for (const dir of setup.dirs) mkdirSync(dir, { recursive: true });
  for (const [path, text] of setup.files) writeFileSync(path, text);
  return [
    programs.setpriv!, "--pdeathsig", "KILL", "--",
    programs.nsenter!, "-t", String(at.options.infraPid), "-u", "-i", "--",
    programs.unshare!, "--mount", "--pid", "--propagation", "private", "--",
    programs.sh!, "-c", setup.script, "sh", ...at.command,
  ];
}

/** The volumes' host sources: subPath joined and created as the kubelet does, and kept inside the volume. */
function bindRequests(spec: ContainerSpec): BindRequest[] | { error: string } {
  const binds: BindRequest[] = [];
  for (const mount of spec.mounts) {
    let source = mount.hostPath;
    if (mount.subPath) {
      source = join(mount.hostPath, mount.subPath);
      try {
        mkdirSync(source, { recursive: true, mode: 0o750 });
        const inside = relative(realpathSync(mount.hostPath), realpathSync(source));
        if (inside.startsWith("..")) return { error: `subPath ${mount.subPath} of ${mount.mountPath} leaves its volume` };
      } catch (error) {
        return { error: `subPath ${mount.subPath} of ${mount.mountPath}: ${error instanceof Error ? error.message : String(error)}` };
      }
    }
    binds.push({ source, target: mount.mountPath, readOnly: mount.readOnly === true });
  }
  return binds;
}

function hostProbe(options: LaunchOptions): HostProbe {
  return { kind: kindOf, realpath: (path) => realpathSync(path), mountPoints: options.mountPoints, overlay: options.support.overlay };
}

function kindOf(path: string): PathKind | undefined {
  try {
    return statSync(path).isDirectory() ? "dir" : "file";
  } catch {
    return undefined;
  }
}
