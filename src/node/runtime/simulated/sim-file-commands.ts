// File commands of a simulated container, over its SimFiles (volumes on the host, the rest in memory).
import type { Command, CommandContext } from "./sim-commands.js";
import { SimFileError } from "./sim-files.js";

function each(name: string, paths: readonly string[], context: CommandContext, action: (path: string) => void): number {
  let status = 0;
  for (const path of paths) {
    try {
      action(path);
    } catch (error) {
      if (!(error instanceof SimFileError)) throw error;
      context.err(`${name}: ${error.message}\n`);
      status = 1;
    }
  }
  return status;
}

const operands = (args: readonly string[]) => args.filter((a) => !a.startsWith("-"));
const flags = (args: readonly string[]) => args.filter((a) => a.startsWith("-")).join("");

const touch: Command = (args, context) =>
  each("touch", operands(args), context, (path) => {
    if (context.files.kind(path) === undefined) context.files.write(path, "", { append: false });
  });

const rm: Command = (args, context) => {
  const options = flags(args);
  const status = each("rm", operands(args), context, (path) => {
    if (options.includes("f") && context.files.kind(path) === undefined) return;
    context.files.remove(path, { recursive: /[rR]/.test(options) });
  });
  return status;
};

const mkdir: Command = (args, context) =>
  each("mkdir", operands(args), context, (path) => {
    if (context.files.kind(path) !== undefined && !flags(args).includes("p")) {
      throw new SimFileError(`cannot create directory '${path}': File exists`);
    }
    context.files.makeDir(path);
  });

/** test / [: -e -f -d -s -z -n, = and !=, negated by a leading !. */
const test: Command = (args, context) => {
  const words = args.at(-1) === "]" ? args.slice(0, -1) : [...args];
  const negate = words[0] === "!";
  if (negate) words.shift();
  const truth = evaluate(words, context);
  if (truth === undefined) {
    context.err("test: unsupported expression\n");
    return 2;
  }
  return truth !== negate ? 0 : 1;
};

function evaluate(words: readonly string[], context: CommandContext): boolean | undefined {
  const [a, b, c] = words;
  if (words.length === 0) return false;
  if (words.length === 1) return a !== "";
  if (words.length === 2) {
    const kind = context.files.kind(b!);
    const unary: Record<string, () => boolean> = {
      "-e": () => kind !== undefined,
      "-f": () => kind === "file",
      "-d": () => kind === "dir",
      "-s": () => kind === "file" && context.files.read(b!).length > 0,
      "-z": () => b === "",
      "-n": () => b !== "",
    };
    return unary[a!]?.();
  }
  if (words.length === 3 && (b === "=" || b === "==")) return a === c;
  if (words.length === 3 && b === "!=") return a !== c;
  return undefined;
}

export const fileCommands: Readonly<Record<string, Command>> = { touch, rm, mkdir, test, "[": test };
