import assert from "node:assert/strict";
import { test } from "node:test";
import { expand } from "./expansion.js";

const vars: Record<string, string> = { VAR_A: "A", VAR_B: "B", VAR_EMPTY: "" };
const lookup = (name: string): string | undefined => vars[name];

// Rows from upstream's expansion tests.
const cases: Array<[string, string, string]> = [
  ["a defined variable is replaced", "$(VAR_A)", "A"],
  ["variables inside text are replaced", "___$(VAR_B)___", "___B___"],
  ["two variables side by side are both replaced", "$(VAR_A)$(VAR_B)", "AB"],
  ["an undefined variable stays as written", "$(VAR_DNE)", "$(VAR_DNE)"],
  ["an empty variable expands to nothing", "x$(VAR_EMPTY)y", "xy"],
  ["$$ escapes a reference", "$$(VAR_A)", "$(VAR_A)"],
  ["$$$ before a reference is a dollar then the value", "$$$(VAR_A)", "$A"],
  ["an unclosed reference is kept", "$(VAR_A", "$(VAR_A"],
  ["a lone dollar at the end is kept", "foo$", "foo$"],
  ["a dollar before another character is kept", "$VAR_A", "$VAR_A"],
  ["an empty reference stays as written", "$()", "$()"],
];

for (const [name, input, want] of cases) {
  test(name, () => assert.equal(expand(input, lookup), want));
}
