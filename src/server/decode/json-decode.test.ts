import assert from "node:assert/strict";
import { test } from "node:test";
import { anySchema, type FieldSchema } from "./field-schema.js";
import { decodeJson } from "./json-decode.js";

const syntaxCases: Array<{ name: string; text: string; message: string }> = [
  { name: "an empty body ends unexpectedly", text: "", message: "unexpected end of JSON input" },
  { name: "a truncated object ends unexpectedly", text: '{"a":', message: "unexpected end of JSON input" },
  { name: "a missing colon is reported after the key", text: '{"a" 1}', message: "invalid character '1' after object key" },
  { name: "a bare word is not a value", text: "x", message: "invalid character 'x' looking for beginning of value" },
  { name: "trailing text is reported after the top-level value", text: "{}x", message: "invalid character 'x' after top-level value" },
  { name: "a missing comma in an array is reported after the element", text: "[1 2]", message: "invalid character '2' after array element" },
  { name: "a missing comma in an object is reported after the pair", text: '{"a":1 "b":2}', message: "invalid character '\"' after object key:value pair" },
  { name: "an unquoted key is not a key string", text: "{a:1}", message: "invalid character 'a' looking for beginning of object key string" },
  { name: "a broken literal names the expected letter", text: '{"a":tru}', message: "invalid character '}' in literal true (expecting 'e')" },
  { name: "a bad escape is reported in the escape code", text: '{"a":"\\q"}', message: "invalid character 'q' in string escape code" },
  { name: "a control character in a string with escapes is reported in the literal", text: '{"a":"\\n\u0001"}', message: "invalid character '\\x01' in string literal" },
  { name: "a string with escapes and no end ends unexpectedly", text: '{"a":"\\"}', message: "unexpected end of JSON input" },
  { name: "a short \\u escape is reported as a hexadecimal escape", text: '{"a":"\\u12"}', message: "invalid character '\"' in \\u hexadecimal character escape" },
];

for (const c of syntaxCases) {
  test(c.name, () => assert.throws(() => decodeJson(c.text), { name: "JsonSyntaxError", message: c.message }));
}

/** spec.{replicas, template.spec.containers[].{name,image}} and metadata.{name, labels (a map)}. */
const leaf = anySchema;
function object(fields: Record<string, FieldSchema>): FieldSchema {
  return { property: (n) => fields[n], items: () => anySchema };
}
const list = (items: FieldSchema): FieldSchema => ({ property: () => anySchema, items: () => items });
const schema = object({
  metadata: object({ name: leaf, labels: leaf }),
  spec: object({ replicas: leaf, template: object({ spec: object({ containers: list(object({ name: leaf, image: leaf })) }) }) }),
});

test("duplicate and unknown fields are reported with full paths in document order, as sigs.k8s.io/json", () => {
  const text = JSON.stringify({ metadata: { name: "a" }, spec: { x: 1 } })
    .replace('"name":"a"', '"name":"a","name":"b","bogus":1')
    .replace('"x":1', '"unknown1":1,"replicas":1,"replicas":2,"template":{"spec":{"containers":[{"name":"c","nested":1,"image":"i","image":"j"}]}}');
  const { value, strictErrors } = decodeJson(text, schema);
  assert.deepEqual(strictErrors, [
    'duplicate field "metadata.name"',
    'unknown field "metadata.bogus"',
    'unknown field "spec.unknown1"',
    'duplicate field "spec.replicas"',
    'unknown field "spec.template.spec.containers[0].nested"',
    'duplicate field "spec.template.spec.containers[0].image"',
  ]);
  assert.deepEqual(value, { metadata: { name: "b" }, spec: { replicas: 2, template: { spec: { containers: [{ name: "c", image: "j" }] } } } });
});

test("a field both unknown and duplicated is reported once, as unknown", () => {
  const { strictErrors } = decodeJson('{"spec":{"dupe":1,"dupe":2}}', schema);
  assert.deepEqual(strictErrors, ['unknown field "spec.dupe"']);
});

test("without a schema every field is known and only duplicates are reported", () => {
  const { value, strictErrors } = decodeJson('{"a":{"b":1,"b":2},"c":[{"d":1,"d":1}]}');
  assert.deepEqual(strictErrors, ['duplicate field "a.b"', 'duplicate field "c[0].d"']);
  assert.deepEqual(value, { a: { b: 2 }, c: [{ d: 1 }] });
});

test("a __proto__ key stays plain data", () => {
  const { value } = decodeJson('{"__proto__":{"polluted":true}}');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.deepEqual(Object.keys(value as object), ["__proto__"]);
});

test("strings with escapes and unicode decode as JSON.parse does", () => {
  const text = '{"a":"x\\n\\u00e9\\"y","b":-1.5e2,"c":[true,false,null],"d":"\\\\","e":"\\\\\\"\\\\","f":"{\\"k\\":\\"v\\"}"}';
  assert.deepEqual(decodeJson(text).value, JSON.parse(text));
});
