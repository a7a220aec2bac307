import assert from "node:assert/strict";
import { test } from "node:test";
import type { ServiceAccount } from "kubernetes-types/core/v1.js";
import { formatFieldError } from "../field-errors.js";
import { serviceAccountDefinition } from "./service-account.js";

const { strategy, info } = serviceAccountDefinition;

test("secret references keep only their names on create and update", () => {
  const sa: ServiceAccount = { metadata: { name: "builder", namespace: "ci" }, secrets: [{ name: "token", namespace: "x", uid: "y" }, {}] };
  strategy.prepareForCreate(sa);
  assert.deepEqual(sa.secrets, [{ name: "token" }, {}]);
});

test("names are DNS subdomains", () => {
  const sa: ServiceAccount = { metadata: { name: "Builder", namespace: "ci" } };
  assert.match(strategy.validate(sa).map(formatFieldError).join("\n"), /^metadata\.name: Invalid value: "Builder": a lowercase RFC 1123 subdomain/);
});

test("newly setting enforce-mountable-secrets warns of its deprecation, keeping it does not", () => {
  const annotated: ServiceAccount = { metadata: { name: "a", namespace: "ci", annotations: { "kubernetes.io/enforce-mountable-secrets": "true" } } };
  const plain: ServiceAccount = { metadata: { name: "a", namespace: "ci" } };
  const warning = "metadata.annotations[kubernetes.io/enforce-mountable-secrets]: deprecated in v1.32+; prefer separate namespaces to isolate access to mounted secrets";
  assert.deepEqual(strategy.warnings!(annotated, undefined), [warning]);
  assert.deepEqual(strategy.warnings!(annotated, plain), [warning]);
  assert.deepEqual(strategy.warnings!(annotated, annotated), []);
  assert.deepEqual(strategy.warnings!(plain, undefined), []);
});

test("the table prints NAME SECRETS AGE; the short name is sa", () => {
  const sa: ServiceAccount = { metadata: { name: "default", creationTimestamp: "2026-11-28T11:00:00Z" }, secrets: [{ name: "t" }] };
  assert.deepEqual(strategy.table.columns.map((c) => c.name), ["Name", "Secrets", "Age"]);
  assert.deepEqual(strategy.table.cells(sa, Date.parse("2026-11-28T12:00:00Z")), ["default", 1, "60m"]);
  assert.deepEqual(info.shortNames, ["sa"]);
});
