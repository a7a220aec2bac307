import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { escapeFieldValue, parseFieldSelector } from "./fields.js";
import { SelectorError } from "./labels.js";

describe("parseFieldSelector matches as upstream", () => {
  const cases: Array<{ name: string; selector: string; fields: Record<string, string>; match: boolean }> = [
    { name: "an empty selector matches everything", selector: "", fields: { "metadata.name": "a" }, match: true },
    { name: "equality matches the field", selector: "metadata.name=a", fields: { "metadata.name": "a" }, match: true },
    { name: "double equals is equality", selector: "metadata.name==a", fields: { "metadata.name": "a" }, match: true },
    { name: "inequality excludes the value", selector: "status.phase!=Running", fields: { "status.phase": "Running" }, match: false },
    { name: "a missing field reads as empty", selector: "spec.nodeName=", fields: {}, match: true },
    { name: "every term must hold", selector: "a=1,b=2", fields: { a: "1", b: "3" }, match: false },
    { name: "escaped commas and equals are data", selector: "a=x\\,y\\=z", fields: { a: "x,y=z" }, match: true },
  ];
  for (const c of cases) test(c.name, () => assert.equal(parseFieldSelector(c.selector).matches(c.fields), c.match));
});

describe("parseFieldSelector errors are upstream's words", () => {
  const cases = [
    { name: "a term without operator", selector: "a=b,nope", message: "invalid selector: 'a=b,nope'; can't understand 'nope'" },
    { name: "an unknown escape", selector: "a=\\x", message: "invalid field selector: invalid escape sequence: \\x" },
    { name: "a trailing backslash", selector: "a=b\\", message: "invalid field selector: invalid escape sequence: \\" },
    { name: "a bare equals in the value", selector: "a=b=c", message: "invalid field selector: unescaped character in value: 61" },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.throws(() => parseFieldSelector(c.selector), (err: unknown) => err instanceof SelectorError && err.message === c.message);
    });
  }
});

test("terms print sorted and re-escaped", () => {
  assert.equal(parseFieldSelector("b=2,a=x\\,y").toString(), "a=x\\,y,b=2");
  assert.equal(escapeFieldValue("a\\b,c=d"), "a\\\\b\\,c\\=d");
});

test("requiresExactMatch finds the required value", () => {
  assert.equal(parseFieldSelector("metadata.name=web").requiresExactMatch("metadata.name"), "web");
  assert.equal(parseFieldSelector("metadata.name!=web").requiresExactMatch("metadata.name"), undefined);
});
