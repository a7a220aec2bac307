import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ConfigMap } from "kubernetes-types/core/v1.js";
import { formatFieldError } from "../field-errors.js";
import { configMapDefinition } from "./config-map.js";

const { strategy, info } = configMapDefinition;
const meta = { name: "settings", namespace: "default" };

describe("configmap validation", () => {
  const cases: Array<{ name: string; cm: ConfigMap; expect: string[] }> = [
    { name: "data and binaryData with config keys are valid", cm: { metadata: meta, data: { "a.conf": "x", KEY_1: "y" }, binaryData: { "b-bin": "AAEC" } }, expect: [] },
    {
      name: "a key with a slash is not a config key",
      cm: { metadata: meta, data: { "a/b": "x" } },
      expect: [
        `data[a/b]: Invalid value: "a/b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
      ],
    },
    { name: "a key may not be '..'", cm: { metadata: meta, binaryData: { "..": "AA==" } }, expect: [`binaryData[..]: Invalid value: "..": must not be '..'`] },
    {
      name: "a key may not be in both data and binaryData",
      cm: { metadata: meta, data: { k: "x" }, binaryData: { k: "AA==" } },
      expect: ['data[k]: Invalid value: "k": duplicate of key present in binaryData'],
    },
    {
      name: "more than 1 MiB in all is too long, reported for the whole object",
      cm: { metadata: meta, data: { a: "x".repeat(1024 * 1024), b: "y" } },
      expect: [": Too long: must have at most 1048576 bytes"],
    },
    { name: "exactly 1 MiB is fine", cm: { metadata: meta, data: { a: "x".repeat(1024 * 1024) } }, expect: [] },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(strategy.validate(c.cm).map(formatFieldError), c.expect));
});

describe("immutable configmaps", () => {
  const old: ConfigMap = { metadata: { ...meta, uid: "u", resourceVersion: "2" }, data: { a: "1" }, immutable: true };
  const cases: Array<{ name: string; cm: ConfigMap; expect: string[] }> = [
    { name: "metadata may still change", cm: { ...old, metadata: { ...old.metadata, labels: { a: "b" } } }, expect: [] },
    { name: "data may not change", cm: { ...old, data: { a: "2" } }, expect: ["data: Forbidden: field is immutable when `immutable` is set"] },
    {
      name: "immutability may not be dropped",
      cm: { ...old, immutable: false, binaryData: { b: "AA==" } },
      expect: ["immutable: Forbidden: field is immutable when `immutable` is set", "binaryData: Forbidden: field is immutable when `immutable` is set"],
    },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(strategy.validateUpdate(c.cm, old).map(formatFieldError), c.expect));

  test("a mutable configmap may change its data and become immutable", () => {
    const mutable: ConfigMap = { ...old, immutable: undefined };
    assert.deepEqual(strategy.validateUpdate({ ...old, data: { a: "2" } }, mutable), []);
  });
});

test("the table counts data and binaryData keys: NAME DATA AGE", () => {
  const cm: ConfigMap = { metadata: { ...meta, creationTimestamp: "2026-11-28T11:59:00Z" }, data: { a: "1", b: "2" }, binaryData: { c: "AA==" } };
  assert.deepEqual(strategy.table.columns.map((c) => c.name), ["Name", "Data", "Age"]);
  assert.deepEqual(strategy.table.cells(cm, Date.parse("2026-11-28T12:00:00Z")), ["settings", 3, "60s"]);
});

test("configmaps are namespaced with the short name cm", () => {
  assert.deepEqual([info.resource, info.namespaced, info.shortNames], ["configmaps", true, ["cm"]]);
});
