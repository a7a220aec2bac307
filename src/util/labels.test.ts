import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { formatLabelSelector, labelSelectorFromSpec, parseLabelSelector, SelectorError } from "./labels.js";

const nameRegexMsg =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe("parseLabelSelector matches as upstream", () => {
  const cases: Array<{ name: string; selector: string; labels: Record<string, string>; match: boolean }> = [
    { name: "an empty selector matches everything", selector: "", labels: { a: "b" }, match: true },
    { name: "equality matches the same value", selector: "app=web", labels: { app: "web" }, match: true },
    { name: "double equals is equality", selector: "app==web", labels: { app: "web" }, match: true },
    { name: "equality fails on a missing key", selector: "app=web", labels: {}, match: false },
    { name: "inequality matches a missing key", selector: "app!=web", labels: {}, match: true },
    { name: "inequality fails on the same value", selector: "app!=web", labels: { app: "web" }, match: false },
    { name: "in matches one of the values", selector: "tier in (a, b)", labels: { tier: "b" }, match: true },
    { name: "in fails outside the values", selector: "tier in (a,b)", labels: { tier: "c" }, match: false },
    { name: "notin matches a missing key", selector: "tier notin (a)", labels: {}, match: true },
    { name: "notin fails on a listed value", selector: "tier notin (a)", labels: { tier: "a" }, match: false },
    { name: "a bare key requires it to exist", selector: "app", labels: { app: "" }, match: true },
    { name: "a negated key requires it to be absent", selector: "!app", labels: { app: "x" }, match: false },
    { name: "gt compares integers", selector: "n>3", labels: { n: "4" }, match: true },
    { name: "gt fails on equal", selector: "n>3", labels: { n: "3" }, match: false },
    { name: "lt compares integers", selector: "n<3", labels: { n: "-1" }, match: true },
    { name: "gt fails on a non-integer label value", selector: "n>3", labels: { n: "x" }, match: false },
    { name: "all requirements must hold", selector: "a=1,b=2", labels: { a: "1", b: "3" }, match: false },
    { name: "in and notin read as values inside a set", selector: "x in (in,notin)", labels: { x: "notin" }, match: true },
    { name: "empty parentheses hold the empty value", selector: "x in ()", labels: { x: "" }, match: true },
    { name: "a trailing comma in a set adds the empty value", selector: "x in (a,)", labels: { x: "" }, match: true },
    { name: "an equality with no value matches the empty value", selector: "x=", labels: { x: "" }, match: true },
  ];
  for (const c of cases) {
    test(c.name, () => assert.equal(parseLabelSelector(c.selector).matches(c.labels), c.match));
  }
});

describe("parseLabelSelector prints as upstream's String", () => {
  const cases = [
    { name: "requirements are sorted by key", selector: "b=1,a=2", text: "a=2,b=1" },
    { name: "set values are sorted and deduplicated", selector: "x in (c,a,c)", text: "x in (a,c)" },
    { name: "exists and does-not-exist print bare", selector: "!b,a", text: "a,!b" },
    { name: "gt and lt print as symbols", selector: "a>1,b<2", text: "a>1,b<2" },
    { name: "whitespace is dropped", selector: " a = b , c notin ( d ) ", text: "a=b,c notin (d)" },
  ];
  for (const c of cases) test(c.name, () => assert.equal(parseLabelSelector(c.selector).toString(), c.text));
});

describe("parseLabelSelector errors are upstream's words", () => {
  const cases = [
    { name: "in without parentheses", selector: "a in", message: "unable to parse requirement: found '' expected: '('" },
    { name: "an unclosed set", selector: "a in (b", message: "unable to parse requirement: found '', expected: ',' or ')'" },
    { name: "a missing operator", selector: "a b", message: "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt" },
    { name: "a leading comma", selector: ",a", message: "found ',', expected: !, identifier, or 'end of string'" },
    { name: "a trailing comma", selector: "a,", message: "found '', expected: identifier after ','" },
    { name: "two values", selector: "a=b c", message: "found 'c', expected: ',' or 'end of string'" },
    { name: "an operator for a value", selector: "a==!", message: "unable to parse requirement: found '!', expected: identifier" },
    { name: "a bad key", selector: "-a=b", message: `unable to parse requirement: <nil>: Invalid value: "-a": ${nameRegexMsg}` },
    {
      name: "a bad value",
      selector: "a=-b",
      message:
        "unable to parse requirement: values[0][a]: Invalid value: \"-b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    },
    {
      name: "gt with a non-integer",
      selector: "a>b",
      message: "unable to parse requirement: values[0]: Invalid value: \"b\": for 'Gt', 'Lt' operators, the value must be an integer",
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.throws(() => parseLabelSelector(c.selector), (err: unknown) => {
        assert.ok(err instanceof SelectorError);
        assert.equal(err.message, c.message);
        return true;
      });
    });
  }
});

describe("metav1.LabelSelector", () => {
  test("undefined matches nothing, as a nil selector", () => {
    assert.equal(labelSelectorFromSpec(undefined).matches({}), false);
  });
  test("an empty selector matches everything", () => {
    assert.equal(labelSelectorFromSpec({}).matches({ a: "b" }), true);
  });
  test("matchLabels and matchExpressions combine", () => {
    const s = labelSelectorFromSpec({
      matchLabels: { app: "web" },
      matchExpressions: [{ key: "tier", operator: "In", values: ["b", "a"] }, { key: "gone", operator: "DoesNotExist" }],
    });
    assert.equal(s.toString(), "app=web,!gone,tier in (a,b)");
    assert.equal(s.matches({ app: "web", tier: "a" }), true);
    assert.equal(s.matches({ app: "web", tier: "a", gone: "" }), false);
  });
  test("an unknown operator is upstream's error", () => {
    assert.throws(() => labelSelectorFromSpec({ matchExpressions: [{ key: "a", operator: "Gt", values: ["1"] }] }), {
      message: '"Gt" is not a valid label selector operator',
    });
  });
  test("In with no values is upstream's error", () => {
    assert.throws(() => labelSelectorFromSpec({ matchExpressions: [{ key: "a", operator: "In", values: [] }] }), {
      message: "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty",
    });
  });
  const formats: Array<{ name: string; spec: Parameters<typeof formatLabelSelector>[0]; text: string }> = [
    { name: "an empty selector formats as <none>", spec: {}, text: "<none>" },
    { name: "an invalid selector formats as <error>", spec: { matchLabels: { "-x": "y" } }, text: "<error>" },
    { name: "match labels format as equalities", spec: { matchLabels: { b: "2", a: "1" } }, text: "a=1,b=2" },
  ];
  for (const c of formats) test(c.name, () => assert.equal(formatLabelSelector(c.spec), c.text));
});

