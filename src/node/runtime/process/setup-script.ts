// The sh run by `unshare --mount --pid` to start one container. unshare's own --fork cannot
// report how its child died (util-linux 2.38 exits 1 when the child is SIGKILLed), so this
// script forks itself: the subshell is the first process of the new PID namespace (PID 1),
// sets up the mounts and execs the container's command; the parent reports the subshell's
// host pid on fd 3 and exits with its status (128 + signal when killed, as sh reports it).
// The subshell says "ok" on fd 3 once the command is about to run; anything it printed before
// (a failing mount) is the reason the container could not start.
import { posix } from "node:path";
import type { ContainerView, ViewStep } from "./container-view.js";
import { shellCommandLine, shellQuote as q } from "./shell-quote.js";
import { underTerminal } from "./terminal.js";

/** Absolute paths of the host programs the script runs. */
export interface SetupPrograms {
  readonly mount: string;
  readonly mkdir: string;
  readonly chroot: string;
  readonly sh: string;
  readonly setpriv: string;
  readonly script?: string;
}

export interface SetupScriptOptions {
  readonly view: ContainerView;
  readonly workingDir: string;
  /** A directory of the runtime's own, empty, where a tmpfs for overlay layers is mounted (in the container only). */
  readonly scratch: string;
  /** The tmpfs size limit, e.g. "512m": what the container can write outside its volumes. */
  readonly scratchSize: string;
  readonly programs: SetupPrograms;
  /** Leave fd 3 open for the command (which then reports on it itself). */
  readonly keepStatusFd?: boolean;
  /** Run the command under a terminal: its argv (and the SHELL it had, to restore) are embedded. */
  readonly tty?: { readonly argv: readonly string[]; readonly shell?: string };
}

/** The script for `sh -c SCRIPT sh ARGV…`. */
export function setupScript(options: SetupScriptOptions): string {
  const child = [
    "exec 4<&-",
    "set -e",
    `${q(options.programs.mount)} -t proc proc /proc`,
    ...layerLines(options),
    ...finishLines(options),
  ];
  // sh gives a background list /dev/null for stdin: hand the real one over through fd 4.
  return [
    "exec 4<&0",
    "(",
    ...child.map((line) => `  ${line}`),
    ") <&4 &",
    'echo "pid $!" >&3',
    "exec 3>&- 4<&-",
    "wait $!",
  ].join("\n");
}

/** Overlays, created mount points and binds, under the new root when there is one. */
function layerLines(options: SetupScriptOptions): string[] {
  const { view, scratch, programs } = options;
  const mount = q(programs.mount);
  const needsScratch = view.rootOverlay !== undefined || view.steps.some((s) => s.op === "overlay");
  const lines: string[] = [];
  if (needsScratch) lines.push(`${mount} -t tmpfs -o mode=0700,size=${options.scratchSize} tinykube-scratch ${q(scratch)}`);
  const root = view.rootOverlay ? posix.join(scratch, "root", "merged") : "";
  if (view.rootOverlay) lines.push(...overlayLines("/", posix.join(scratch, "root"), { options, submounts: view.rootOverlay.submounts }));
  view.steps.forEach((step, i) => lines.push(...stepLines(step, { options, root, layer: posix.join(scratch, String(i)) })));
  return lines;
}

function stepLines(step: ViewStep, at: { options: SetupScriptOptions; root: string; layer: string }): string[] {
  const { mount, mkdir } = at.options.programs;
  const inRoot = (path: string) => q(`${at.root}${path}`);
  switch (step.op) {
    case "overlay":
      return [
        ...overlayLines(step.dir, at.layer, { options: at.options, submounts: step.submounts }),
        `${q(mount)} --move ${q(posix.join(at.layer, "merged"))} ${inRoot(step.dir)}`,
      ];
    case "mkdir":
      return [`${q(mkdir)} -- ${inRoot(step.path)}`];
    case "touch":
      return [`: > ${inRoot(step.path)}`];
    case "bind":
      return [
        `${q(mount)} --bind ${q(step.source)} ${inRoot(step.target)}`,
        ...(step.readOnly ? [`${q(mount)} -o remount,bind,ro ${inRoot(step.target)}`] : []),
      ];
  }
}

/** An overlay of the host's dir built at layer/merged, with the mounts below dir bound into it. */
function overlayLines(dir: string, layer: string, at: { options: SetupScriptOptions; submounts: readonly string[] }): string[] {
  const { mount, mkdir } = at.options.programs;
  const merged = posix.join(layer, "merged");
  const layers = `lowerdir=${dir},upperdir=${posix.join(layer, "upper")},workdir=${posix.join(layer, "work")}`;
  return [
    `${q(mkdir)} -p ${q(posix.join(layer, "upper"))} ${q(posix.join(layer, "work"))} ${q(merged)}`,
    `${q(mount)} -t overlay overlay -o ${q(layers)} ${q(merged)}`,
    ...at.submounts.map((sub) => `${q(mount)} --rbind ${q(sub)} ${q(posix.join(merged, posix.relative(dir, sub)))}`),
  ];
}

/** Switches root when there is a new one, enters the working directory, says ok, runs the command. */
function finishLines(options: SetupScriptOptions): string[] {
  const { programs, view, scratch, workingDir } = options;
  const run = runCommand(options);
  const close = options.keepStatusFd ? "true" : "exec 3>&-";
  if (!view.rootOverlay) {
    return [`cd -- ${q(workingDir)}`, "echo ok >&3", close, run];
  }
  const inner = `cd -- "$1" && shift && echo ok >&3 && ${close} && ${run}`;
  return [
    `cd -- ${q(posix.join(scratch, "root", "merged"))}`,
    `${q(programs.mount)} --move . /`,
    `exec ${q(programs.chroot)} . ${q(programs.sh)} -c ${q(inner)} sh ${q(workingDir)} "$@"`,
  ];
}

/** The final exec: the command itself as PID 1, dying with its parent (setpriv --pdeathsig). */
function runCommand(options: SetupScriptOptions): string {
  const setpriv = `exec ${q(options.programs.setpriv)} --pdeathsig KILL --`;
  if (!options.tty) return `${setpriv} "$@"`;
  const argv = underTerminal(options.tty.argv, { script: options.programs.script ?? "script", shell: options.tty.shell });
  return `export SHELL=/bin/sh && ${setpriv} ${shellCommandLine(argv)}`;
}
