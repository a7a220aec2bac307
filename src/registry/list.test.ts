import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { decodeContinue, encodeContinue } from "./continue-token.js";
import { expectStatus } from "./testing/expect-status.js";
import { namespaces, testCluster, widget, widgetsV1, widgetsV1beta1 } from "./testing/fixtures.js";

async function withWidgets(n: number) {
  const c = await testCluster();
  for (let i = 0; i < n; i++) {
    const ns = i % 2 === 0 ? "default" : "kube-system";
    await c.registry.create(widgetsV1, ns, widget(`w${i}`, { color: i % 3 === 0 ? "red" : "blue" }, { labels: { n: String(i), even: String(i % 2 === 0) } }));
  }
  return c;
}

const names = (list: { items: Array<{ metadata: { name: string } }> }): string[] => list.items.map((i) => i.metadata.name);

describe("list", () => {
  test("answers the List kind of the requested version with the store revision", async () => {
    const c = await withWidgets(2);
    const list = await c.registry.list(widgetsV1beta1, "");
    assert.equal(list.kind, "WidgetList");
    assert.equal(list.apiVersion, "example.com/v1beta1");
    assert.equal(list.metadata.resourceVersion, String(await c.store.currentRevision()));
    assert.ok(list.items.every((i) => i.apiVersion === "example.com/v1beta1"));
  });

  test("a namespace narrows the list; none lists all", async () => {
    const c = await withWidgets(4);
    assert.deepEqual(names(await c.registry.list(widgetsV1, "default")), ["w0", "w2"]);
    assert.deepEqual(names(await c.registry.list(widgetsV1, undefined)), ["w0", "w2", "w1", "w3"]);
  });

  const selections = [
    { name: "a label selector", options: { labelSelector: "even=true,n!=2" }, want: ["w0", "w4"] },
    { name: "a set-based label selector", options: { labelSelector: "n in (1,3)" }, want: ["w1", "w3"] },
    { name: "a field selector on metadata.name", options: { fieldSelector: "metadata.name=w3" }, want: ["w3"] },
    { name: "a field selector on metadata.namespace", options: { fieldSelector: "metadata.namespace!=default" }, want: ["w1", "w3"] },
    { name: "a kind's own selectable field", options: { fieldSelector: "spec.color=red" }, want: ["w0", "w3"] },
    { name: "both selectors", options: { labelSelector: "even=false", fieldSelector: "spec.color=blue" }, want: ["w1"] },
  ];
  for (const s of selections) {
    test(`${s.name} filters`, async () => {
      const c = await withWidgets(5);
      assert.deepEqual(names(await c.registry.list(widgetsV1, undefined, s.options)).sort(), [...s.want].sort());
    });
  }

  const badSelectors = [
    { name: "a bad label selector", options: { labelSelector: "a in" }, message: "unable to parse requirement: found '' expected: '('" },
    { name: "a bad field selector", options: { fieldSelector: "nope" }, message: "invalid selector: 'nope'; can't understand 'nope'" },
    { name: "an unknown field of a kind with its own fields", options: { fieldSelector: "spec.size=1" }, message: "field label not supported: spec.size" },
  ];
  for (const b of badSelectors) {
    test(`${b.name} is a 400`, async () => {
      const c = await testCluster();
      await expectStatus(c.registry.list(widgetsV1, "default", b.options), { code: 400, reason: "BadRequest", message: b.message });
    });
  }

  test("an unknown field of a kind with only metadata fields is upstream's default message", async () => {
    const c = await testCluster();
    await expectStatus(c.registry.list({ group: "example.com", version: "v1", resource: "gadgets" }, "default", { fieldSelector: "foo=bar" }), {
      code: 400,
      reason: "BadRequest",
      message: '"foo" is not a known field selector: only "metadata.name", "metadata.namespace"',
    });
  });

  test("a cluster-scoped kind with its own fields knows no metadata.namespace, as upstream's conversions", async () => {
    const c = await testCluster();
    await expectStatus(c.registry.list(namespaces, undefined, { fieldSelector: "metadata.namespace=x" }), {
      code: 400,
      reason: "BadRequest",
      message: "field label not supported: metadata.namespace",
    });
  });

  test("a namespace's own field selector works on a real kind", async () => {
    const c = await testCluster();
    const list = await c.registry.list(namespaces, undefined, { fieldSelector: "status.phase=Active" });
    assert.deepEqual(names(list), ["default", "kube-node-lease", "kube-public", "kube-system"]);
  });
});

describe("paging", () => {
  test("limit and continue walk every object once, at the first page's revision", async () => {
    const c = await withWidgets(7);
    const first = await c.registry.list(widgetsV1, undefined, { limit: 3 });
    assert.equal(first.items.length, 3);
    assert.equal(first.metadata.remainingItemCount, 4);
    // a write after the first page is not seen by later pages
    await c.registry.create(widgetsV1, "default", widget("w99"));
    await c.registry.delete(widgetsV1, "kube-system", "w5");
    const seen = names(first);
    let token = first.metadata.continue;
    while (token) {
      const page = await c.registry.list(widgetsV1, undefined, { limit: 3, continue: token });
      assert.equal(page.metadata.resourceVersion, first.metadata.resourceVersion);
      seen.push(...names(page));
      token = page.metadata.continue;
    }
    assert.deepEqual(seen.sort(), ["w0", "w1", "w2", "w3", "w4", "w5", "w6"]);
  });

  test("the last page has no continue token and no remaining count", async () => {
    const c = await withWidgets(2);
    const page = await c.registry.list(widgetsV1, undefined, { limit: 2 });
    assert.equal(page.metadata.continue, undefined);
    assert.equal(page.metadata.remainingItemCount, undefined);
  });

  test("with a selector a page still fills up to limit, without remainingItemCount", async () => {
    const c = await withWidgets(9);
    const page = await c.registry.list(widgetsV1, undefined, { limit: 2, labelSelector: "even=true" });
    assert.equal(page.items.length, 2);
    assert.ok(page.metadata.continue);
    assert.equal(page.metadata.remainingItemCount, undefined);
  });

  test("resourceVersion 0 serves everything, ignoring limit, as the watch cache", async () => {
    const c = await withWidgets(4);
    const list = await c.registry.list(widgetsV1, undefined, { limit: 1, resourceVersion: "0" });
    assert.equal(list.items.length, 4);
  });

  test("an exact resourceVersion lists the past", async () => {
    const c = await withWidgets(2);
    const then = (await c.registry.list(widgetsV1, undefined)).metadata.resourceVersion;
    await c.registry.create(widgetsV1, "default", widget("later"));
    const past = await c.registry.list(widgetsV1, undefined, { resourceVersion: then, resourceVersionMatch: "Exact" });
    assert.deepEqual(names(past).sort(), ["w0", "w1"]);
    assert.equal(past.metadata.resourceVersion, then);
  });

  test("a compacted continue token is a 410 with a token to go on inconsistently", async () => {
    const c = await withWidgets(4);
    const first = await c.registry.list(widgetsV1, undefined, { limit: 1 });
    await c.registry.create(widgetsV1, "default", widget("x"));
    await c.store.compact(await c.store.currentRevision());
    const err = await expectStatus(c.registry.list(widgetsV1, undefined, { limit: 1, continue: first.metadata.continue! }), {
      code: 410,
      reason: "Expired",
      message: /^The provided continue parameter is too old to display a consistent list result\. You can start a new list without the continue parameter, or use the continue token in this response/,
    });
    const next = (err.status.metadata as { continue?: string }).continue!;
    assert.equal(decodeContinue(next).revision, -1);
    const rest = await c.registry.list(widgetsV1, undefined, { continue: next });
    assert.ok(rest.items.length >= 3);
  });

  test("a compacted exact resourceVersion is a 410", async () => {
    const c = await withWidgets(2);
    await c.store.compact(await c.store.currentRevision());
    await expectStatus(c.registry.list(widgetsV1, undefined, { resourceVersion: "2", resourceVersionMatch: "Exact" }), {
      code: 410,
      reason: "Expired",
      message: "The resourceVersion for the provided list is too old.",
    });
  });

  test("a resourceVersion ahead of the store is upstream's 504", async () => {
    const c = await testCluster();
    await expectStatus(c.registry.list(widgetsV1, undefined, { resourceVersion: "999" }), {
      code: 504,
      reason: "Timeout",
      message: /^Too large resource version: 999, current: \d+$/,
    });
  });

  const invalid = [
    { name: "resourceVersionMatch without resourceVersion", options: { resourceVersionMatch: "Exact" as const }, message: 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided' },
    { name: "Exact at resourceVersion 0", options: { resourceVersion: "0", resourceVersionMatch: "Exact" as const }, message: 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"' },
  ];
  for (const i of invalid) {
    test(`${i.name} is a 422`, async () => {
      const c = await testCluster();
      await expectStatus(c.registry.list(widgetsV1, undefined, i.options), { code: 422, reason: "Invalid", message: i.message });
    });
  }

  test("continue with a resourceVersion is a 400", async () => {
    const c = await testCluster();
    const token = encodeContinue({ revision: 3, after: "default/a" });
    await expectStatus(c.registry.list(widgetsV1, undefined, { continue: token, resourceVersion: "3" }), {
      code: 400,
      reason: "BadRequest",
      message: "specifying resource version is not allowed when using continue",
    });
  });

  test("a garbled continue token is a 400", async () => {
    const c = await testCluster();
    await expectStatus(c.registry.list(widgetsV1, undefined, { continue: "!!!" }), { code: 400, reason: "BadRequest", message: /^invalid continue token: continue key is not valid/ });
  });
});
