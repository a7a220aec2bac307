import { mkdirSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { ContainerSpec } from "../runtime.js";
import { ViewPlanError, planContainerView } from "./container-view.js";
import type { BindRequest, ContainerView, HostProbe, PathKind } from "./container-view.js";
import type { StartRequest } from "./helper-protocol.js";
import { helperOps } from "./helper-ops.js";
import type { HelperLayers } from "./helper-ops.js";
import type { HostSupport } from "./host-support.js";
import { resolveExecutable } from "./resolve-executable.js";
import { setupScript } from "./setup-script.js";
import type { SetupScriptOptions } from "./setup-script.js";
import type { SpawnLaunch } from "./spawned-process.js";
import { underTerminal } from "./terminal.js";

/** What a container runs and sees, decided once, whichever way it is then started. */
export interface LaunchPlan {
  /** The command (for the idle stand-in: sh running IDLE). */
  readonly command: readonly string[];
  /** The command's program as the container's PATH finds it (absent when idle). */
  readonly file?: string;
  readonly env: Readonly<Record<string, string>>;
  readonly workingDir: string;
  /** The container's mounts, when it gets namespaces. */
  readonly view?: ContainerView;
  /** The main process is an idle stand-in for an image entrypoint. */
  readonly idle: boolean;
  /** Run under a terminal: the SHELL to give the command back. */
  readonly tty?: { readonly shell?: string };
  readonly stdin: boolean;
}

export interface LaunchOptions {
  readonly spec: ContainerSpec;
  readonly env: ReadonlyMap<string, string>;
  readonly support: HostSupport;
  readonly mountPoints: readonly string[];
}

/**
 * What stands in for an image's entrypoint when started by a shell: it sleeps until told to stop,
 * and then exits 0. It says "idle" on fd 3 once it can be told (a SIGTERM before its trap would be
 * lost on PID 1). The native helper has a stand-in of its own.
 */
const IDLE = `trap 'exit 0' TERM INT; echo idle >&3; exec 3>&-; sleep infinity & wait`;

const PREFIX = "failed to create task: ";

/** Decides what a container runs and sees, or why it cannot start (a message for reason StartError). */
export function planLaunch(options: LaunchOptions): LaunchPlan | { startError: string } {
  const { spec, support } = options;
  const isolated = support.capabilities.isolation === "namespaces";
  const workingDir = spec.workingDir || "/";
  const binds = isolated ? bindRequests(spec) : [];
  if ("error" in binds) return { startError: `${PREFIX}${binds.error}` };
  let view: ContainerView | undefined;
  try {
    view = isolated ? planContainerView(binds, { workingDir, probe: hostProbe(options) }) : undefined;
  } catch (error) {
    if (error instanceof ViewPlanError) return { startError: `${PREFIX}${error.message}` };
    throw error;
  }
  if (!isolated && kindOf(workingDir) !== "dir") {
    return { startError: `${PREFIX}unable to start container process: chdir to cwd ("${workingDir}"): no such file or directory` };
  }
  const idle = spec.argv === undefined || spec.argv.length === 0;
  const command = idle ? [support.programs.sh ?? "/bin/sh", "-c", IDLE] : [...spec.argv!];
  let file: string | undefined;
  if (!idle) {
    const resolution = resolveExecutable(command[0]!, { pathEnv: options.env.get("PATH") ?? "", workingDir, hostPathOf: view?.hostPathOf ?? ((path) => path) });
    if ("error" in resolution) return { startError: `${PREFIX}unable to start container process: ${resolution.error}` };
    file = resolution.found;
  }
  const env = Object.fromEntries(options.env);
  // The idle stand-in reads nothing, so it never needs a terminal.
  const tty = spec.tty && !idle && support.capabilities.tty ? { shell: options.env.get("SHELL") } : undefined;
  if (tty) env.SHELL = "/bin/sh";
  return { command, ...(file ? { file } : {}), env, workingDir, ...(view ? { view } : {}), idle, ...(tty ? { tty } : {}), stdin: spec.stdin === true };
}

/** The plan as a request to the native helper. */
export function helperStart(plan: LaunchPlan, at: { support: HostSupport; sandbox?: number; layers: HelperLayers }): StartRequest {
  const script = at.support.programs.script;
  const tty = plan.tty && script ? { file: script, argv: underTerminal(plan.command, { script, shell: plan.tty.shell }) } : undefined;
  return {
    ...(plan.view && at.sandbox !== undefined ? { sandbox: at.sandbox } : {}),
    stdin: plan.stdin,
    idle: plan.idle,
    ...(plan.idle ? {} : { file: tty?.file ?? plan.file }),
    argv: plan.idle ? [] : (tty?.argv ?? plan.command),
    env: new Map(Object.entries(plan.env)),
    ops: helperOps(plan.view, { workingDir: plan.workingDir, layers: at.layers }),
  };
}

/**
 * The plan as a chain of util-linux programs spawned from Node: setpriv, nsenter into the pod's
 * infra process, unshare, and a setup script (setup-script.ts) when isolated.
 */
export function spawnLaunch(plan: LaunchPlan, at: { support: HostSupport; infraPid?: number; scratch: string; layers: SetupScriptOptions["layers"] }): SpawnLaunch {
  const { programs } = at.support;
  const tty = plan.tty ? { argv: plan.command, ...(plan.tty.shell !== undefined ? { shell: plan.tty.shell } : {}) } : undefined;
  if (plan.view) {
    const setup = setupScript({
      view: plan.view,
      workingDir: plan.workingDir,
      scratch: at.scratch,
      layers: at.layers,
      programs: {
        mount: programs.mount!,
        mkdir: programs.mkdir!,
        chroot: programs.chroot!,
        sh: programs.sh!,
        setpriv: programs.setpriv!,
        ...(programs.script ? { script: programs.script } : {}),
      },
      ...(tty ? { tty } : {}),
      keepStatusFd: plan.idle,
    });
    // The layers' tmpfs is mounted on scratch/layers inside the container: the mount point must exist.
    mkdirSync(join(at.scratch, "layers"), { recursive: true });
    for (const dir of setup.dirs) mkdirSync(dir, { recursive: true });
    for (const [path, text] of setup.files) writeFileSync(path, text);
    const argv = [
      programs.setpriv!, "--pdeathsig", "KILL", "--",
      programs.nsenter!, "-t", String(at.infraPid), "-u", "-i", "--",
      programs.unshare!, "--mount", "--pid", "--propagation", "private", "--",
      programs.sh!, "-c", setup.script, "sh", ...plan.command,
    ];
    return { argv, cwd: "/", env: plan.env, ready: plan.idle ? ["ok", "idle"] : ["ok"], stdin: plan.stdin };
  }
  const main = tty ? underTerminal(plan.command, { script: programs.script!, shell: tty.shell }) : plan.command;
  const argv = programs.setpriv ? [programs.setpriv, "--pdeathsig", "KILL", "--", ...main] : [...main];
  return { argv, cwd: plan.workingDir, env: plan.env, ready: plan.idle ? ["idle"] : [], stdin: plan.stdin };
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
