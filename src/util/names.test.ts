import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  isCIdentifier,
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidLabelValue,
  isValidPortName,
  maxLenError,
  nameIsDNSSubdomain,
  regexError,
  validatePathSegmentName,
} from "./names.js";

const subdomainMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const labelMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const dns1035Msg =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const qualifiedNameMsg =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const labelValueMsg =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

const cases: Array<{ name: string; check: (v: string) => string[]; value: string; expect: string[] }> = [
  { name: "a dotted lower-case name is a DNS subdomain", check: isDNS1123Subdomain, value: "web.example.com", expect: [] },
  { name: "an upper-case name is not a DNS subdomain", check: isDNS1123Subdomain, value: "Web", expect: [subdomainMsg] },
  { name: "a 254-character name is too long and still checked", check: isDNS1123Subdomain, value: "a".repeat(254), expect: [maxLenError(253)] },
  { name: "a DNS label may start with a digit", check: isDNS1123Label, value: "0web", expect: [] },
  { name: "a DNS label may not contain dots", check: isDNS1123Label, value: "web.a", expect: [labelMsg] },
  { name: "a 64-character label is too long", check: isDNS1123Label, value: "a".repeat(64), expect: [maxLenError(63)] },
  { name: "a DNS-1035 label may not start with a digit", check: isDNS1035Label, value: "0web", expect: [dns1035Msg] },
  { name: "a label key may have a DNS prefix", check: isQualifiedName, value: "app.kubernetes.io/name", expect: [] },
  { name: "a label key with an empty prefix says so", check: isQualifiedName, value: "/name", expect: ["prefix part must be non-empty"] },
  { name: "a label key name part is checked", check: isQualifiedName, value: "a b", expect: [`name part ${qualifiedNameMsg}`] },
  {
    name: "a label key with two slashes is not a qualified name",
    check: isQualifiedName,
    value: "a/b/c",
    expect: [`a qualified name ${qualifiedNameMsg} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`],
  },
  {
    name: "a label key prefix must be a DNS subdomain",
    check: isQualifiedName,
    value: "Example.com/name",
    expect: [`prefix part ${subdomainMsg}`],
  },
  { name: "an empty label value is valid", check: isValidLabelValue, value: "", expect: [] },
  { name: "a label value may not end in a dash", check: isValidLabelValue, value: "web-", expect: [labelValueMsg] },
  { name: "a port name needs a letter", check: isValidPortName, value: "80", expect: ["must contain at least one letter (a-z)"] },
  {
    name: "a port name is at most 15 lower-case characters without double or edge dashes",
    check: isValidPortName,
    value: "-Http--metrics-port",
    expect: [
      maxLenError(15),
      "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
      "must not contain consecutive hyphens",
      "must not begin or end with a hyphen",
    ],
  },
  {
    name: "a C identifier may not start with a digit",
    check: isCIdentifier,
    value: "1abc",
    expect: [
      "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex used for validation is '[A-Za-z_][A-Za-z0-9_]*')",
    ],
  },
  {
    name: "a strict env var name may not start with a digit",
    check: isEnvVarName,
    value: "1ABC",
    expect: [
      "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
    ],
  },
  { name: "a strict env var name may not be '..'", check: isEnvVarName, value: "..", expect: ["must not be '..'"] },
  { name: "a relaxed env var name may start with a digit", check: isRelaxedEnvVarName, value: "1 ABC:x", expect: [] },
  {
    name: "a relaxed env var name may not contain '='",
    check: isRelaxedEnvVarName,
    value: "A=B",
    expect: ["a valid environment variable name must consist only of printable ASCII characters other than '='"],
  },
  { name: "a relaxed env var name may not be empty", check: isRelaxedEnvVarName, value: "", expect: ["environment variable name must be non-empty"] },
  { name: "a config key may not start with '..'", check: isConfigMapKey, value: "..data", expect: ["must not start with '..'"] },
  {
    name: "a config key may not contain a slash",
    check: isConfigMapKey,
    value: "a/b",
    expect: [
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ],
  },
];

describe("name validators", () => {
  for (const c of cases) test(c.name, () => assert.deepEqual(c.check(c.value), c.expect));
});

describe("path segment names", () => {
  const rows: Array<[string, string, boolean, string[]]> = [
    ["'.' is not a name", ".", false, ["may not be '.'"]],
    ["'..' is not a name", "..", false, ["may not be '..'"]],
    ["a slash and a percent are both reported", "a/b%", false, ["may not contain '/'", "may not contain '%'"]],
    ["a prefix may be '.' since a suffix follows", ".", true, []],
    ["a prefix may not contain a slash", "a/", true, ["may not contain '/'"]],
    ["a percent alone is reported", "a%b", false, ["may not contain '%'"]],
    ["an ordinary name has no problems", "web-0", false, []],
  ];
  for (const [name, value, prefix, expect] of rows) test(name, () => assert.deepEqual(validatePathSegmentName(value, prefix), expect));
});

describe("generated name prefixes", () => {
  test("a prefix ending in a dash is checked with its end masked, as upstream", () => {
    assert.deepEqual(nameIsDNSSubdomain("web-", true), []);
  });
  test("the same name without room for a suffix is invalid", () => {
    assert.deepEqual(nameIsDNSSubdomain("web-", false), [subdomainMsg]);
  });
});

test("regexError without examples names only the regex", () => {
  assert.equal(regexError("bad", "[a-z]+"), "bad (regex used for validation is '[a-z]+')");
});

describe("character checks agree with upstream's regexes", () => {
  // the checks loop over characters; the regexes, anchored as Go's MatchString is used, are the reference
  const label = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  const qualified = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  const reference = {
    subdomain: new RegExp(`^(?:${label}(\\.${label})*)$`),
    label: new RegExp(`^(?:${label})$`),
    qualified: new RegExp(`^(?:${qualified})$`),
    labelValue: new RegExp(`^(?:(${qualified})?)$`),
  };
  // every string of up to 4 characters over an alphabet with each class the rules tell apart
  const alphabet = ["a", "Z", "0", "-", "_", ".", "/", " ", "\u00e9"];
  const values = [""];
  for (let n = 0, from = 0; n < 4; n++) {
    const to = values.length;
    for (let i = from; i < to; i++) for (const ch of alphabet) values.push(values[i] + ch);
    from = to;
  }
  const shapeError = (errs: string[]) => errs.some((e) => e.includes("regex used"));
  test("DNS-1123 subdomains", () => {
    for (const v of values) assert.equal(shapeError(isDNS1123Subdomain(v)), !reference.subdomain.test(v), v);
  });
  test("DNS-1123 labels", () => {
    for (const v of values) assert.equal(shapeError(isDNS1123Label(v)), !reference.label.test(v), v);
  });
  test("label values", () => {
    for (const v of values) assert.equal(shapeError(isValidLabelValue(v)), !reference.labelValue.test(v), v);
  });
  test("qualified names, with the upstream split at '/'", () => {
    for (const v of values) {
      const parts = v.split("/");
      const valid =
        (parts.length === 1 && reference.qualified.test(v)) ||
        (parts.length === 2 && reference.subdomain.test(parts[0]!) && reference.qualified.test(parts[1]!));
      assert.equal(isQualifiedName(v).length === 0, valid, v);
    }
  });
});
