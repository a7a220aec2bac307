import assert from "node:assert/strict";
import { test } from "node:test";
import { StatusError } from "../api/status.js";
import { testCluster, widget, widgetsV1 } from "../registry/testing/fixtures.js";
import { openServedRegistry } from "../registry/testing/served-registry.js";
import { runClientConformance } from "./client-conformance.js";
import { InProcessClient } from "./in-process-client.js";

runClientConformance("in-process", async () => {
  const served = await openServedRegistry();
  return { client: new InProcessClient(served.registry), compact: served.compact, close: served.close };
});

test("warnings of a call reach onWarning", async () => {
  const c = await testCluster();
  const warnings: string[] = [];
  const client = new InProcessClient(c.registry, { onWarning: (w) => warnings.push(w) });
  await client.create(widgetsV1, widget("a", { deprecated: true }, { namespace: "default" }));
  assert.deepEqual(warnings, ["spec.deprecated is deprecated"]);
});

test("a failure that is not an API error still reaches the caller as a StatusError", async () => {
  const c = await testCluster();
  const client = new InProcessClient(c.registry);
  await c.store.close();
  await assert.rejects(client.get(widgetsV1, "default", "a"), (err: unknown) => err instanceof StatusError && err.code === 500);
});

test("calls made one after another without end still let the event loop's I/O and immediates run", async () => {
  const c = await testCluster();
  const client = new InProcessClient(c.registry);
  await client.create(widgetsV1, widget("a", {}, { namespace: "default" }));
  let immediateRan = false;
  setImmediate(() => (immediateRan = true));
  // Wall time bounds the loop: without turns, the immediate only runs once it has ended.
  const start = performance.now();
  while (!immediateRan && performance.now() - start < 2000) await client.get(widgetsV1, "default", "a");
  assert.equal(immediateRan, true);
});
