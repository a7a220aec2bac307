// The programs a simulated container can run, each a few lines over what the shell gives it.
// Output and exit codes follow coreutils/procps as far as these commands go.
import { formatSimDate } from "./sim-date.js";
import { fileCommands } from "./sim-file-commands.js";
import { SimFileError } from "./sim-files.js";
import type { SimFiles } from "./sim-files.js";

/** What a command can use of the process running it. */
export interface CommandContext {
  readonly env: ReadonlyMap<string, string>;
  readonly hostname: string;
  readonly cwd: string;
  readonly files: SimFiles;
  /** The clock time in ms, and nanoseconds within that millisecond (see sim-date.ts). */
  now(): { ms: number; subMsNanos: number };
  /** Waits ms of Clock time (Infinity: until killed); resolves false when a signal cut it short. */
  sleep(ms: number): Promise<boolean>;
  readStdin(): Promise<string>;
  out(text: string): void;
  err(text: string): void;
}

export type Command = (args: readonly string[], context: CommandContext) => Promise<number> | number;

const SLEEP_UNITS: Record<string, number> = { "": 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** GNU sleep: sums its operands, each a number with an optional s/m/h/d suffix, or "infinity". */
export function sleepMilliseconds(operands: readonly string[]): number | { invalid: string } {
  if (operands.length === 0) return { invalid: "" };
  let total = 0;
  for (const operand of operands) {
    if (operand === "infinity" || operand === "inf") return Infinity;
    const match = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(operand);
    if (!match) return { invalid: operand };
    total += Number(match[1]) * SLEEP_UNITS[match[2]!]!;
  }
  return total;
}

const sleep: Command = async (args, context) => {
  const ms = sleepMilliseconds(args);
  if (typeof ms === "object") {
    context.err(ms.invalid ? `sleep: invalid time interval '${ms.invalid}'\n` : "sleep: missing operand\n");
    return 1;
  }
  await context.sleep(ms);
  return 0;
};

const echo: Command = (args, context) => {
  const newline = args[0] !== "-n";
  context.out(`${(newline ? args : args.slice(1)).join(" ")}${newline ? "\n" : ""}`);
  return 0;
};

const env: Command = (_args, context) => {
  context.out([...context.env].map(([name, value]) => `${name}=${value}\n`).join(""));
  return 0;
};

const printenv: Command = (args, context) => {
  if (args.length === 0) return env(args, context);
  const values = args.map((name) => context.env.get(name));
  for (const value of values) if (value !== undefined) context.out(`${value}\n`);
  return values.every((v) => v !== undefined) ? 0 : 1;
};

const cat: Command = async (args, context) => {
  if (args.length === 0 || (args.length === 1 && args[0] === "-")) {
    context.out(await context.readStdin());
    return 0;
  }
  return eachFile(args, context, "cat", (path) => context.out(context.files.read(path)));
};

const ls: Command = (args, context) => {
  const paths = args.filter((a) => !a.startsWith("-"));
  return eachFile(paths.length ? paths : ["."], context, "ls", (path) => {
    const names = context.files.list(path);
    if (names.length) context.out(`${names.join("\n")}\n`);
  });
};

function eachFile(paths: readonly string[], context: CommandContext, name: string, each: (path: string) => void): number {
  let status = 0;
  for (const path of paths) {
    try {
      each(path);
    } catch (error) {
      if (!(error instanceof SimFileError)) throw error;
      context.err(`${name}: ${error.message}\n`);
      status = name === "ls" ? 2 : 1;
    }
  }
  return status;
}

const date: Command = (args, context) => {
  const format = args.find((a) => a.startsWith("+"));
  const { ms, subMsNanos } = context.now();
  context.out(`${formatSimDate(ms, subMsNanos, { format: format?.slice(1) })}\n`);
  return 0;
};

/** cut -c LIST, or -d DELIM -f LIST; LIST of N, N-, -M, N-M separated by commas. */
const cut: Command = async (args, context) => {
  const option = (flag: string) => {
    const at = args.findIndex((a) => a === flag || a.startsWith(flag));
    if (at < 0) return undefined;
    return args[at] === flag ? args[at + 1] : args[at]!.slice(flag.length);
  };
  const chars = option("-c");
  const fields = option("-f");
  const delimiter = option("-d") ?? "\t";
  const list = chars ?? fields;
  if (list === undefined) {
    context.err("cut: you must specify a list of bytes, characters, or fields\n");
    return 1;
  }
  const wanted = parseCutList(list);
  const lines = (await context.readStdin()).split("\n");
  if (lines.at(-1) === "") lines.pop();
  for (const line of lines) {
    const pieces = chars !== undefined ? [...line] : line.split(delimiter);
    const kept = pieces.filter((_, i) => wanted(i + 1));
    context.out(`${kept.join(chars !== undefined ? "" : delimiter)}\n`);
  }
  return 0;
};

function parseCutList(list: string): (position: number) => boolean {
  const ranges = list.split(",").map((part) => {
    const [from, to] = part.includes("-") ? part.split("-") : [part, part];
    return [from ? Number(from) : 1, to ? Number(to) : Infinity] as const;
  });
  return (position) => ranges.some(([from, to]) => position >= from && position <= to);
}

/** grep [-E] [-q] [-v] [-i] PATTERN [FILE…]: exit 0 when a line matched, 1 when none, 2 on error. */
const grep: Command = async (args, context) => {
  const flags = args.filter((a) => /^-[a-zA-Z]+$/.test(a)).join("");
  const [pattern, ...paths] = args.filter((a) => !/^-[a-zA-Z]+$/.test(a));
  if (pattern === undefined) {
    context.err("Usage: grep [OPTION]... PATTERNS [FILE]...\n");
    return 2;
  }
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, flags.includes("i") ? "i" : "");
  } catch {
    context.err(`grep: Invalid regular expression\n`);
    return 2;
  }
  const text = paths.length ? paths.map((p) => context.files.read(p)).join("") : await context.readStdin();
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const matched = lines.filter((line) => regex.test(line) !== flags.includes("v"));
  if (!flags.includes("q")) for (const line of matched) context.out(`${line}\n`);
  return matched.length > 0 ? 0 : 1;
};

/** The programs every simulated container has, by base name. */
export const commands: Readonly<Record<string, Command>> = {
  ...fileCommands,
  true: () => 0,
  ":": () => 0,
  false: () => 1,
  sleep,
  echo,
  env,
  printenv,
  hostname: (_args, context) => {
    context.out(`${context.hostname}\n`);
    return 0;
  },
  pwd: (_args, context) => {
    context.out(`${context.cwd}\n`);
    return 0;
  },
  cat,
  ls,
  date,
  cut,
  grep,
  egrep: (args, context) => grep(["-E", ...args], context),
};
