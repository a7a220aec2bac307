import { posix } from "node:path";
import type { Clock } from "../../../util/clock.js";
import type { StopSignal } from "../runtime.js";
import { commands } from "./sim-commands.js";
import type { CommandContext } from "./sim-commands.js";
import { applyRedirects } from "./shell-redirects.js";
import { SIGNAL_NUMBERS, applyTrap } from "./shell-signals.js";
import type { CommandStreams } from "./shell-redirects.js";
import { SimFileError } from "./sim-files.js";
import type { SimFiles } from "./sim-files.js";
import { ShellSyntaxError, parseScript } from "./shell-syntax.js";
import type { AndOr, Pipeline, Script, SimpleCommand, Word } from "./shell-syntax.js";

export interface ShellProcessOptions {
  clock: Clock;
  env: ReadonlyMap<string, string>;
  hostname: string;
  cwd: string;
  files: SimFiles;
  /** All of stdin, once it ends ("" when there is none). */
  readStdin(): Promise<string>;
  output(stream: "stdout" | "stderr", text: string): void;
  /** Nanoseconds below the current millisecond for `date +%N` (sim-date.ts). */
  subMsNanos(ms: number): number;
  /**
   * What a program this runtime does not know does: "serve" stands for a server (it runs until
   * SIGTERM, SIGINT or SIGQUIT, then exits 0), "missing" fails with 127 (in exec sessions).
   */
  unknownPrograms: "serve" | "missing";
}

export interface ShellEnd {
  exitCode: number;
  signal?: StopSignal;
}

const SERVER_STOPS = new Set(["TERM", "INT", "QUIT"]);
const SHELLS = new Set(["sh", "bash", "dash", "ash"]);

interface ProgramIo {
  out(text: string): void;
  err(text: string): void;
  stdin(): Promise<string>;
}

/** Whether a program name is one the simulated runtime plays out (the rest are "unknown"). */
export function isSimulatedProgram(name: string): boolean {
  const program = posix.basename(name);
  return program in commands || SHELLS.has(program) || ["exit", "trap", "wait", "exec"].includes(program);
}

class ShellExit {
  constructor(readonly code: number) {}
}
class Killed {}

/**
 * One simulated process: a program (or `sh -c` script) played out on the Clock. Signals follow
 * a container's PID 1: SIGKILL always ends it (137); any other signal is ignored unless the
 * script trapped it, or a server (an unknown program) is running, which stops on SIGTERM. A
 * trap runs once the foreground command ends, or at once while the script is in `wait`.
 */
export class ShellProcess {
  private readonly traps = new Map<string, string>();
  private readonly pending: string[] = [];
  private readonly wakers = new Set<() => void>();
  private readonly jobs: Array<Promise<unknown>> = [];
  private killed = false;
  private serverStop = false;
  private status = 0;
  private positional: readonly string[] = [];

  constructor(private readonly options: ShellProcessOptions) {}

  /** Runs argv to its end. */
  async run(argv: readonly string[]): Promise<ShellEnd> {
    try {
      const script = this.scriptOf(argv);
      await this.runScript(script);
      return { exitCode: this.status };
    } catch (end) {
      if (end instanceof ShellExit) return { exitCode: end.code & 0xff };
      if (end instanceof Killed) return { exitCode: 128 + 9, signal: "SIGKILL" };
      if (end instanceof ShellSyntaxError) {
        this.options.output("stderr", `sh: 1: ${end.message}\n`);
        return { exitCode: 2 };
      }
      throw end;
    }
  }

  /**
   * Stands for a program this runtime cannot play out (an image's entrypoint, or a command given
   * a fixed duration): runs durationMs (forever when undefined) unless SIGTERM, SIGINT or SIGQUIT
   * stop it first (exit 0, as a server shutting down) or SIGKILL does (137).
   */
  async serve(durationMs: number | undefined): Promise<ShellEnd> {
    const timer = durationMs === undefined ? undefined : this.timer(durationMs);
    try {
      await this.block(timer?.done, () => this.killed || this.serverStop);
    } finally {
      timer?.cancel();
    }
    return this.killed ? { exitCode: 128 + 9, signal: "SIGKILL" } : { exitCode: 0 };
  }

  signal(signal: StopSignal): void {
    const name = signal.replace(/^SIG/, "");
    if (name === "KILL") this.killed = true;
    else if (SERVER_STOPS.has(name)) this.serverStop = true;
    const action = this.traps.get(name);
    if (action) this.pending.push(name);
    for (const wake of [...this.wakers]) wake();
  }

  private scriptOf(argv: readonly string[]): Script {
    const program = posix.basename(argv[0] ?? "");
    const flag = argv[1];
    if (SHELLS.has(program) && flag !== undefined && /^-[a-z]*c[a-z]*$/.test(flag)) {
      this.positional = argv.slice(3);
      return parseScript(argv[2] ?? "");
    }
    const literal = (text: string): Word => [{ text }];
    return [{ first: [{ words: argv.map(literal), redirects: [] }], rest: [], background: false }];
  }

  private async runScript(script: Script): Promise<void> {
    for (const list of script) {
      if (list.background) {
        // A background job's end is only seen through `wait`; a kill ends it with everything else.
        this.jobs.push(this.runAndOr(list).catch(() => undefined));
        this.status = 0;
        continue;
      }
      await this.runAndOr(list);
    }
  }

  private async runAndOr(list: AndOr): Promise<void> {
    await this.runPipeline(list.first);
    for (const { op, pipeline } of list.rest) {
      if ((op === "&&") === (this.status === 0)) await this.runPipeline(pipeline);
    }
  }

  private async runPipeline(pipeline: Pipeline): Promise<void> {
    // Commands run one after another, each reading the whole output of the one before.
    let input: string | undefined;
    for (const [i, command] of pipeline.entries()) {
      const last = i === pipeline.length - 1;
      let captured = "";
      const stdin = input;
      this.status = await this.runCommand(command, {
        stdin: stdin === undefined ? undefined : () => Promise.resolve(stdin),
        out: last ? undefined : (text) => (captured += text),
      });
      input = captured;
      this.checkKilled();
    }
    await this.runTraps();
  }

  private async runCommand(
    command: SimpleCommand,
    pipe: { stdin?: () => Promise<string>; out?: (text: string) => void },
  ): Promise<number> {
    const words = command.words.map((w) => this.expand(w));
    const err = (text: string) => this.options.output("stderr", text);
    let streams: CommandStreams;
    try {
      streams = applyRedirects(command.redirects.map((r) => ({ ...r, path: this.expand(r.target) })), {
        out: pipe.out ?? ((text: string) => this.options.output("stdout", text)),
        err,
        stdin: pipe.stdin ?? this.options.readStdin,
        files: this.options.files,
      });
    } catch (error) {
      if (!(error instanceof SimFileError)) throw error;
      err(`sh: 1: ${error.message}\n`);
      return 2;
    }
    const [name, ...args] = words;
    const status = name === undefined ? 0 : await this.runProgram(name, args, streams);
    streams.flush();
    return status;
  }

  private async runProgram(
    name: string,
    args: readonly string[],
    io: ProgramIo,
  ): Promise<number> {
    const program = posix.basename(name);
    const builtin = this.builtin(program, args, io);
    if (builtin) return builtin();
    const command = commands[program];
    if (command) return command(args, this.context(io));
    if (this.options.unknownPrograms === "missing") {
      io.err(`sh: 1: ${name}: not available in the simulated runtime\n`);
      return 127;
    }
    this.serverStop = false;
    await this.block(undefined, () => this.killed || this.serverStop);
    return 0;
  }

  /** The special built-ins that act on the shell itself. */
  private builtin(program: string, args: readonly string[], io: ProgramIo): (() => Promise<number> | number) | undefined {
    if (program === "exit") return () => {
      throw new ShellExit(args[0] === undefined ? this.status : Number(args[0]) || 0);
    };
    if (program === "trap") return () => (applyTrap(this.traps, args), 0);
    if (program === "exec") return async () => {
      if (args[0] === undefined) return 0;
      throw new ShellExit(await this.runProgram(args[0], args.slice(1), io));
    };
    if (SHELLS.has(program) && /^-[a-z]*c[a-z]*$/.test(args[0] ?? "")) return async () => {
      // A nested shell shares this one's traps and jobs: close enough for the scripts simulated.
      try {
        await this.runScript(parseScript(args[1] ?? ""));
        return this.status;
      } catch (end) {
        if (end instanceof ShellExit) return end.code;
        throw end;
      }
    };
    if (program === "wait") return async () => {
      const interrupted = await this.block(Promise.all(this.jobs), () => this.killed || this.pending.length > 0);
      return interrupted ? 128 + (SIGNAL_NUMBERS[this.pending[0] ?? ""] ?? 0) : 0;
    };
    return undefined;
  }

  private async runTraps(): Promise<void> {
    while (this.pending.length > 0) {
      const name = this.pending.shift()!;
      const action = this.traps.get(name);
      if (action) await this.runScript(parseScript(action));
    }
  }

  private context(io: ProgramIo): CommandContext {
    return {
      env: this.options.env,
      hostname: this.options.hostname,
      cwd: this.options.cwd,
      files: this.options.files,
      now: () => {
        const ms = this.options.clock.now();
        return { ms, subMsNanos: this.options.subMsNanos(ms) };
      },
      sleep: async (ms) => {
        const timer = this.timer(ms);
        try {
          return !(await this.block(timer?.done, () => this.killed));
        } finally {
          timer?.cancel();
        }
      },
      readStdin: io.stdin,
      out: io.out,
      err: io.err,
    };
  }

  private timer(ms: number): { done: Promise<void>; cancel(): void } | undefined {
    if (!Number.isFinite(ms)) return undefined;
    let cancel = () => {};
    const done = new Promise<void>((resolve) => ({ cancel } = this.options.clock.setTimeout(resolve, ms)));
    return { done, cancel };
  }

  /** Waits for done (forever when undefined) unless a signal makes interrupted() true; says which. */
  private async block(done: Promise<unknown> | undefined, interrupted: () => boolean): Promise<boolean> {
    if (interrupted()) return true;
    let wake!: () => void;
    const woken = new Promise<boolean>((resolve) => (wake = () => interrupted() && resolve(true)));
    this.wakers.add(wake);
    try {
      return await (done ? Promise.race([done.then(() => false), woken]) : woken);
    } finally {
      this.wakers.delete(wake);
    }
  }

  private checkKilled(): void {
    if (this.killed) throw new Killed();
  }

  private expand(word: Word): string {
    return word.map((part) => ("text" in part ? part.text : this.parameter(part.param))).join("");
  }

  private parameter(name: string): string {
    if (name === "?") return String(this.status);
    if (name === "$") return "1";
    if (name === "#") return String(this.positional.length);
    // sh -c SCRIPT NAME ARG…: $0 is NAME, $1 the first ARG.
    if (/^\d$/.test(name)) return this.positional[Number(name)] ?? (name === "0" ? "sh" : "");
    return this.options.env.get(name) ?? "";
  }
}
