// The sh run by `unshare --mount --pid` to start one container. unshare's own --fork cannot
// report how its child died (util-linux 2.38 exits 1 when the child is SIGKILLed), so this
// script forks itself: the subshell is the first process of the new PID namespace (PID 1),
// sets up the mounts and execs the container's command; the parent reports the subshell's
// host pid on fd 3 and exits with its status (128 + signal when killed, as sh reports it).
// The subshell says "ok" on fd 3 once the command is about to run; anything it printed before
// (a failing mount) is the reason the container could not start. Mounts are made in batches
// by one `mount -a --fstab` each (a process per mount would double the start time).
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
  /** A directory of the runtime's own for this container (fstab files, overlay layers). */
  readonly scratch: string;
  /**
   * Where overlay upper layers live: in scratch on disk, or on a tmpfs of this size (e.g. "512m")
   * mounted there in the container only, for hosts whose disk cannot hold an upper layer.
   */
  readonly layers: { readonly on: "disk" } | { readonly on: "tmpfs"; readonly size: string };
  readonly programs: SetupPrograms;
  /** Leave fd 3 open for the command (which then reports on it itself). */
  readonly keepStatusFd?: boolean;
  /** Run the command under a terminal: its argv (and the SHELL it had, to restore) are embedded. */
  readonly tty?: { readonly argv: readonly string[]; readonly shell?: string };
}

export interface SetupScript {
  /** For `sh -c SCRIPT sh ARGV…`. */
  readonly script: string;
  /** Files to write before running it (fstab batches). */
  readonly files: ReadonlyMap<string, string>;
  /** Directories to create on the host before running it (overlay layers on disk). */
  readonly dirs: readonly string[];
}

export function setupScript(options: SetupScriptOptions): SetupScript {
  const plan = new ScriptPlan(options);
  const child = ["exec 4<&-", "set -e", ...plan.mountLines(), ...finishLines(options)];
  // sh gives a background list /dev/null for stdin: hand the real one over through fd 4.
  const script = ["exec 4<&0", "(", ...child.map((line) => `  ${line}`), ") <&4 &", 'echo "pid $!" >&3', "exec 3>&- 4<&-", "wait $!"];
  return { script: script.join("\n"), files: plan.files, dirs: plan.dirs };
}

/** The new root, when the view has one. */
function rootOf(options: SetupScriptOptions): string {
  return options.view.rootOverlay ? posix.join(options.scratch, "layers", "root", "merged") : "";
}

class ScriptPlan {
  readonly files = new Map<string, string>();
  readonly dirs: string[] = [];
  private readonly lines: string[] = [];
  private batch: string[] = [];
  private readonly root: string;
  private readonly layers: string;

  constructor(private readonly options: SetupScriptOptions) {
    this.root = rootOf(options);
    this.layers = posix.join(options.scratch, "layers");
  }

  mountLines(): string[] {
    const { view, programs } = this.options;
    const layerDirs = [
      ...(view.rootOverlay ? ["root"] : []),
      ...view.steps.flatMap((step, i) => (step.op === "overlay" ? [String(i)] : [])),
    ].flatMap((name) => ["upper", "work", "merged"].map((d) => posix.join(this.layers, name, d)));
    if (this.options.layers.on === "tmpfs" && layerDirs.length > 0) {
      this.lines.push(`${q(programs.mount)} -t tmpfs -o mode=0700,size=${this.options.layers.size} tinykube-layers ${q(this.layers)}`);
      this.lines.push(`${q(programs.mkdir)} -p ${layerDirs.map(q).join(" ")}`);
    } else this.dirs.push(...layerDirs);
    if (view.rootOverlay) {
      this.entry("overlay", this.root, "overlay", this.layerOptions("/", "root"));
      this.entry("proc", `${this.root}/proc`, "proc", "nosuid,nodev,noexec");
      for (const sub of view.rootOverlay.submounts) this.entry(sub, `${this.root}${sub}`, "none", "rbind");
    } else {
      this.lines.push(`${q(programs.mount)} -t proc proc /proc`);
    }
    view.steps.forEach((step, i) => this.step(step, { index: i, later: view.steps.slice(i + 1) }));
    this.flush();
    return this.lines;
  }

  private step(step: ViewStep, at: { index: number; later: readonly ViewStep[] }): void {
    switch (step.op) {
      case "overlay":
        this.entry("overlay", `${this.root}${step.dir}`, "overlay", this.layerOptions(step.dir, String(at.index)));
        for (const sub of step.submounts) this.entry(sub, `${this.root}${sub}`, "none", "rbind");
        return;
      case "mkdir": {
        // A bind below it creates it (X-mount.mkdir); only the others need a mkdir of their own.
        const madeByBind = at.later.some((s) => s.op === "bind" && (s.target === step.path || s.target.startsWith(`${step.path}/`)));
        if (!madeByBind) this.shell(`${q(this.options.programs.mkdir)} -p -- ${q(`${this.root}${step.path}`)}`);
        return;
      }
      case "touch":
        this.shell(`: > ${q(`${this.root}${step.path}`)}`);
        return;
      case "bind":
        this.entry(step.source, `${this.root}${step.target}`, "none", `bind${step.readOnly ? ",ro" : ""},X-mount.mkdir`);
        return;
    }
  }

  private layerOptions(lower: string, name: string): string {
    const layer = posix.join(this.layers, name);
    return `lowerdir=${lower},upperdir=${posix.join(layer, "upper")},workdir=${posix.join(layer, "work")}`;
  }

  private entry(source: string, target: string, type: string, options: string): void {
    this.batch.push([source, target, type, options, "0", "0"].map(fstabField).join(" "));
  }

  private shell(line: string): void {
    this.flush();
    this.lines.push(line);
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    const path = posix.join(this.options.scratch, `fstab-${this.files.size}`);
    this.files.set(path, `${this.batch.join("\n")}\n`);
    this.lines.push(`${q(this.options.programs.mount)} -a --fstab ${q(path)}`);
    this.batch = [];
  }
}

/** fstab's escapes for whitespace and backslashes in a field. */
function fstabField(value: string): string {
  return value.replace(/[\\ \t\n]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, "0")}`);
}

/** Enters the new root (if any) and the working directory, says ok, runs the command. */
function finishLines(options: SetupScriptOptions): string[] {
  const { programs, view, workingDir } = options;
  const run = runCommand(options);
  const close = options.keepStatusFd ? "true" : "exec 3>&-";
  if (!view.rootOverlay) return [`cd -- ${q(workingDir)}`, "echo ok >&3", close, run];
  const inner = `cd -- "$1" && shift && echo ok >&3 && ${close} && ${run}`;
  // The new root replaces the namespace's root (not only the process's), so that nsenter --root
  // and --wd in exec find the same paths the container does.
  return [
    `cd -- ${q(rootOf(options))}`,
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
