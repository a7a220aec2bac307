import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ShellSyntaxError, parseScript } from "./shell-syntax.js";
import type { Script, Word } from "./shell-syntax.js";

/** A script's shape in short: each list as its pipelines' words (parameters as $NAME), joined by their operators. */
function shape(script: Script): string[] {
  const word = (w: Word) => w.map((p) => ("text" in p ? p.text : `$${p.param}`)).join("");
  const pipeline = (p: Script[number]["first"]) =>
    p.map((c) => [...c.words.map(word), ...c.redirects.map((r) => `${r.fd}${r.op}${word(r.target)}`)].join(" ")).join(" | ");
  return script.map((list) => [pipeline(list.first), ...list.rest.map((r) => `${r.op} ${pipeline(r.pipeline)}`)].join(" ") + (list.background ? " &" : ""));
}

describe("parseScript", () => {
  const cases: Array<[string, string, string[]]> = [
    ["commands split on ; and newlines", "sleep 1; echo a\nexit 3", ["sleep 1", "echo a", "exit 3"]],
    ["&& and || join pipelines into one list", "true && false || echo x", ["true && false || echo x"]],
    ["& puts a list in the background", "sleep 5 & wait", ["sleep 5 &", "wait"]],
    ["pipelines keep their commands in order", "date +'%N' | cut -c 9 | egrep '[1|3|5|7|9]'", ["date +%N | cut -c 9 | egrep [1|3|5|7|9]"]],
    ["single quotes keep $ literal, double quotes expand", `echo '$HOME' "$HOME" \${X}y`, ["echo $HOME $HOME $Xy"]],
    ["an empty quoted string is still a word", `echo "" ''`, ["echo  "]],
    ["redirections name their descriptor", "echo a > /f 2>/dev/null >&2 < /in", ["echo a 1>/f 2>/dev/null 1>&2 0</in"]],
    ["comments run to the end of the line", "echo a # not this\necho b", ["echo a", "echo b"]],
    ["a backslash escapes the next character", "echo a\\ b", ["echo a b"]],
  ];
  for (const [name, source, expected] of cases) {
    test(name, () => assert.deepEqual(shape(parseScript(source)), expected));
  }

  const errors: Array<[string, string, string]> = [
    ["an unterminated quote", "echo 'x", "Syntax error: Unterminated quoted string"],
    ["an operator with nothing before it", "&& true", 'Syntax error: "&&" unexpected'],
    ["a redirection without a target", "echo >", "Syntax error: redirection unexpected"],
    ["a pipe at the end", "echo a |", "Syntax error: end of file unexpected"],
  ];
  for (const [name, source, message] of errors) {
    test(`${name} is a syntax error`, () => assert.throws(() => parseScript(source), (e: unknown) => e instanceof ShellSyntaxError && e.message === message));
  }
});
