import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Secret } from "kubernetes-types/core/v1.js";
import { formatFieldError } from "../field-errors.js";
import { secretDefinition } from "./secret.js";

const { strategy, info } = secretDefinition;
const meta = { name: "creds", namespace: "default" };
const b64 = (s: string): string => Buffer.from(s).toString("base64");

function admitted(body: Secret): Secret {
  const s = structuredClone(body);
  strategy.applyDefaults(s);
  strategy.prepareForCreate(s);
  return s;
}

describe("secret defaults", () => {
  test("the type defaults to Opaque", () => assert.equal(admitted({ metadata: meta }).type, "Opaque"));
  test("stringData overwrites data as base64 and is not kept", () => {
    const s = admitted({ metadata: meta, data: { a: b64("old"), b: b64("keep") }, stringData: { a: "new ✓" } });
    assert.deepEqual(s, { metadata: meta, type: "Opaque", data: { a: b64("new ✓"), b: b64("keep") } });
  });
});

describe("secret validation", () => {
  const cases: Array<{ name: string; s: Secret; expect: string[] }> = [
    { name: "an opaque secret with config keys is valid", s: { metadata: meta, data: { "user.name": b64("me") } }, expect: [] },
    {
      name: "keys are config keys",
      s: { metadata: meta, data: { "a b": b64("x") } },
      expect: [
        `data[a b]: Invalid value: "a b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
      ],
    },
    {
      name: "values must be base64",
      s: { metadata: meta, data: { a: "not base64!" } },
      expect: ['data[a]: Invalid value: "<secret contents redacted>": illegal base64 data at input byte 3'],
    },
    {
      name: "more than 1 MiB of decoded data is too long",
      s: { metadata: meta, data: { a: Buffer.alloc(1024 * 1024 + 1).toString("base64") } },
      expect: ["data: Too long: must have at most 1048576 bytes"],
    },
    {
      name: "a TLS secret needs tls.crt and tls.key",
      s: { metadata: meta, type: "kubernetes.io/tls", data: { "tls.crt": b64("c") } },
      expect: ["data[tls.key]: Required value"],
    },
    {
      name: "a basic-auth secret needs a username or a password",
      s: { metadata: meta, type: "kubernetes.io/basic-auth", data: {} },
      expect: ["data[username]: Required value", "data[password]: Required value"],
    },
    { name: "a basic-auth secret with only an empty password is fine", s: { metadata: meta, type: "kubernetes.io/basic-auth", data: { password: "" } }, expect: [] },
    { name: "an ssh-auth secret needs a non-empty private key", s: { metadata: meta, type: "kubernetes.io/ssh-auth", data: { "ssh-privatekey": "" } }, expect: ["data[ssh-privatekey]: Required value"] },
    {
      name: "a service account token secret names its service account",
      s: { metadata: meta, type: "kubernetes.io/service-account-token" },
      expect: ["metadata.annotations[kubernetes.io/service-account.name]: Required value"],
    },
    { name: "a docker config secret needs its key", s: { metadata: meta, type: "kubernetes.io/dockerconfigjson", data: {} }, expect: ["data[.dockerconfigjson]: Required value"] },
    { name: "a docker config secret holding a JSON object is fine", s: { metadata: meta, type: "kubernetes.io/dockerconfigjson", data: { ".dockerconfigjson": b64('{"auths":{}}') } }, expect: [] },
    { name: "an unknown type is not checked", s: { metadata: meta, type: "example.com/thing" }, expect: [] },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(strategy.validate(admitted(c.s)).map(formatFieldError), c.expect));

  test("a docker config secret that is not JSON is refused with its contents redacted", () => {
    const s = admitted({ metadata: meta, type: "kubernetes.io/dockercfg", data: { ".dockercfg": b64("{nope") } });
    const [err] = strategy.validate(s);
    assert.equal(err?.field, "data[.dockercfg]");
    assert.equal(err?.badValue, "<secret contents redacted>");
  });
});

describe("secret update", () => {
  const old: Secret = { metadata: { ...meta, uid: "u", resourceVersion: "4" }, type: "Opaque", data: { a: b64("1") } };
  test("the type is immutable", () => {
    const next = { ...old, type: "kubernetes.io/tls" };
    assert.deepEqual(strategy.validateUpdate(next, old).map(formatFieldError), ['type: Invalid value: "kubernetes.io/tls": field is immutable']);
  });
  test("an immutable secret keeps its data and immutability", () => {
    const frozen = { ...old, immutable: true };
    const next = { ...frozen, immutable: undefined, data: { a: b64("2") } };
    assert.deepEqual(strategy.validateUpdate(next, frozen).map(formatFieldError), [
      "immutable: Forbidden: field is immutable when `immutable` is set",
      "data: Forbidden: field is immutable when `immutable` is set",
    ]);
  });
});

test("the table prints NAME TYPE DATA AGE and secrets select on type", () => {
  const s: Secret = { metadata: { ...meta, creationTimestamp: "2026-11-25T12:00:00Z" }, type: "Opaque", data: { a: "", b: "" } };
  assert.deepEqual(strategy.table.columns.map((c) => c.name), ["Name", "Type", "Data", "Age"]);
  assert.deepEqual(strategy.table.cells(s, Date.parse("2026-11-28T12:00:00Z")), ["creds", "Opaque", 2, "3d"]);
  assert.deepEqual(strategy.selectableFields!(s), { type: "Opaque" });
  assert.deepEqual(info.shortNames, []);
});
