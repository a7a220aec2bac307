import assert from "node:assert/strict";
import { test } from "node:test";
import { anySchema, type FieldSchema } from "./field-schema.js";
import { decodeYaml } from "./yaml-decode.js";

const object = (fields: Record<string, FieldSchema>): FieldSchema => ({ property: (n) => fields[n], items: () => anySchema });
const schema = object({ metadata: object({ name: anySchema }), spec: object({ paused: anySchema }) });

test("duplicate keys are one go-yaml error listing each line; unknown fields follow, sorted", () => {
  const text = "metadata:\n  name: a\n  name: b\nspec:\n  zeta: 1\n  paused: true\n  paused: false\n  alpha: 2\n";
  const { value, strictErrors } = decodeYaml(text, schema);
  assert.deepEqual(strictErrors, [
    'yaml: unmarshal errors:\n  line 3: key "name" already set in map\n  line 7: key "paused" already set in map',
    'unknown field "spec.alpha"',
    'unknown field "spec.zeta"',
  ]);
  assert.deepEqual(value, { metadata: { name: "b" }, spec: { paused: false } });
});

test("a YAML syntax error names its line", () => {
  assert.throws(() => decodeYaml("a: b: c\n"), { name: "YamlSyntaxError", message: /^yaml: line 1: / });
});

test("JSON is YAML too", () => {
  assert.deepEqual(decodeYaml('{"a": [1, "x"]}').value, { a: [1, "x"] });
});
