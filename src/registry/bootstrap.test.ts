import assert from "node:assert/strict";
import { test } from "node:test";
import { ensureSystemNamespaces } from "./bootstrap.js";
import { openServedRegistry } from "./testing/served-registry.js";

test("the system namespaces exist once, however often bootstrap runs", async () => {
  const s = await openServedRegistry();
  await ensureSystemNamespaces(s.registry);
  const list = await s.registry.list({ group: "", version: "v1", resource: "namespaces" }, undefined);
  assert.deepEqual(list.items.map((n) => n.metadata.name), ["default", "kube-node-lease", "kube-public", "kube-system"]);
  await s.close();
});
