// The small part of POSIX sh the simulated runtime understands: lists joined by `;`, newlines,
// `&&`, `||` and `&`; pipelines; simple commands with `>`, `>>`, `<` and `>&` redirections (with
// an optional fd number, as in `2>/dev/null` or `>&2`); words in
// single or double quotes with $NAME, ${NAME} and $? expanded. No loops, functions, globbing or
// field splitting of expansions: a script needing them is not simulated faithfully.

/** A piece of a word: literal text, or a parameter to expand when the command runs. */
export type WordPart = { readonly text: string } | { readonly param: string };
export type Word = readonly WordPart[];

export interface Redirect {
  /** The descriptor redirected: 1 by default for output, 0 for input. */
  readonly fd: number;
  /** `>&` duplicates: its target is a descriptor number. */
  readonly op: ">" | ">>" | "<" | ">&";
  readonly target: Word;
}

export interface SimpleCommand {
  readonly words: readonly Word[];
  readonly redirects: readonly Redirect[];
}

/** Commands joined by `|`. */
export type Pipeline = readonly SimpleCommand[];

/** Pipelines joined by `&&` / `||`, run in the background when it ended with `&`. */
export interface AndOr {
  readonly first: Pipeline;
  readonly rest: ReadonlyArray<{ readonly op: "&&" | "||"; readonly pipeline: Pipeline }>;
  readonly background: boolean;
}

export type Script = readonly AndOr[];

export class ShellSyntaxError extends Error {}

type Token = { kind: "word"; word: Word } | { kind: "op"; op: string; fd?: number };

const OPERATORS = ["&&", "||", ">>", ">&", ";", "&", "|", ">", "<", "\n"];
const REDIRECTIONS = new Set([">", ">>", "<", ">&"]);

/** Parses a script (the argument of `sh -c`); throws ShellSyntaxError as sh would refuse it. */
export function parseScript(source: string): Script {
  const tokens = tokenize(source);
  const script: AndOr[] = [];
  let at = 0;
  const peekOp = () => (tokens[at]?.kind === "op" ? (tokens[at] as { op: string }).op : undefined);
  while (at < tokens.length) {
    if (peekOp() === ";" || peekOp() === "\n") {
      at++;
      continue;
    }
    const parsePipeline = (): Pipeline => {
      const commands: SimpleCommand[] = [];
      for (;;) {
        const { command, next } = parseCommand(tokens, at);
        commands.push(command);
        at = next;
        if (peekOp() !== "|") return commands;
        at++;
      }
    };
    const first = parsePipeline();
    const rest: Array<{ op: "&&" | "||"; pipeline: Pipeline }> = [];
    while (peekOp() === "&&" || peekOp() === "||") {
      const op = peekOp() as "&&" | "||";
      at++;
      while (peekOp() === "\n") at++;
      rest.push({ op, pipeline: parsePipeline() });
    }
    const background = peekOp() === "&";
    if (background || peekOp() === ";" || peekOp() === "\n") at++;
    else if (at < tokens.length) throw new ShellSyntaxError(`Syntax error: "${peekOp()}" unexpected`);
    script.push({ first, rest, background });
  }
  return script;
}

function parseCommand(tokens: readonly Token[], start: number): { command: SimpleCommand; next: number } {
  const words: Word[] = [];
  const redirects: Redirect[] = [];
  let at = start;
  for (; at < tokens.length; at++) {
    const token = tokens[at]!;
    if (token.kind === "word") {
      words.push(token.word);
      continue;
    }
    if (!REDIRECTIONS.has(token.op)) break;
    const target = tokens[at + 1];
    if (target?.kind !== "word") throw new ShellSyntaxError("Syntax error: redirection unexpected");
    const op = token.op as Redirect["op"];
    redirects.push({ fd: token.fd ?? (op === "<" ? 0 : 1), op, target: target.word });
    at++;
  }
  if (words.length === 0 && redirects.length === 0) {
    const token = tokens[at];
    const shown = token === undefined ? "end of file" : token.kind === "op" ? (token.op === "\n" ? "newline" : `"${token.op}"`) : "word";
    throw new ShellSyntaxError(`Syntax error: ${shown} unexpected`);
  }
  return { command: { words, redirects }, next: at };
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let parts: WordPart[] | undefined;
  let at = 0;
  const endWord = () => {
    if (parts) tokens.push({ kind: "word", word: mergeText(parts) });
    parts = undefined;
  };
  while (at < source.length) {
    const c = source[at]!;
    if (c === " " || c === "\t") {
      endWord();
      at++;
      continue;
    }
    if (c === "#" && !parts) {
      while (at < source.length && source[at] !== "\n") at++;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, at));
    if (op) {
      // A lone digit glued to a redirection is the descriptor it redirects (`2>`).
      const only = parts?.length === 1 ? parts[0] : undefined;
      const fd = REDIRECTIONS.has(op) && only && "text" in only && /^\d$/.test(only.text) ? Number(only.text) : undefined;
      if (fd === undefined) endWord();
      else parts = undefined;
      tokens.push(fd === undefined ? { kind: "op", op } : { kind: "op", op, fd });
      at += op.length;
      continue;
    }
    parts ??= [];
    at = readWordPiece(source, at, parts);
  }
  endWord();
  return tokens;
}

/** Reads one quoted string, escape, parameter or plain character into parts; returns the next index. */
function readWordPiece(source: string, at: number, parts: WordPart[]): number {
  const c = source[at]!;
  if (c === "'") {
    const end = source.indexOf("'", at + 1);
    if (end < 0) throw new ShellSyntaxError("Syntax error: Unterminated quoted string");
    parts.push({ text: source.slice(at + 1, end) });
    return end + 1;
  }
  if (c === '"') return readDoubleQuoted(source, at + 1, parts);
  if (c === "\\") {
    if (source[at + 1] !== "\n") parts.push({ text: source[at + 1] ?? "" });
    return at + 2;
  }
  if (c === "$") return readParameter(source, at, parts);
  parts.push({ text: c });
  return at + 1;
}

function readDoubleQuoted(source: string, start: number, parts: WordPart[]): number {
  let at = start;
  // An empty "" is still a word.
  parts.push({ text: "" });
  for (;;) {
    const c = source[at];
    if (c === undefined) throw new ShellSyntaxError("Syntax error: Unterminated quoted string");
    if (c === '"') return at + 1;
    if (c === "\\" && ["$", "`", '"', "\\", "\n"].includes(source[at + 1] ?? "")) {
      if (source[at + 1] !== "\n") parts.push({ text: source[at + 1]! });
      at += 2;
    } else if (c === "$") {
      at = readParameter(source, at, parts);
    } else {
      parts.push({ text: c });
      at++;
    }
  }
}

function readParameter(source: string, at: number, parts: WordPart[]): number {
  const braced = /^\$\{([A-Za-z_][A-Za-z0-9_]*|[?$#0-9])\}/.exec(source.slice(at));
  const plain = /^\$([A-Za-z_][A-Za-z0-9_]*|[?$#0-9])/.exec(source.slice(at));
  const match = braced ?? plain;
  if (!match) {
    parts.push({ text: "$" });
    return at + 1;
  }
  parts.push({ param: match[1]! });
  return at + match[0].length;
}

function mergeText(parts: readonly WordPart[]): Word {
  const merged: WordPart[] = [];
  for (const part of parts) {
    const last = merged.at(-1);
    if ("text" in part && last && "text" in last) merged[merged.length - 1] = { text: last.text + part.text };
    else merged.push(part);
  }
  return merged;
}
