import assert from "node:assert/strict";
import { test } from "node:test";
import { deleteOptions, listOptions, watchOptions, writeOptions } from "./query-options.js";

const q = (s: string): URLSearchParams => new URLSearchParams(s);

test("list options come from the query as kubectl sends them", () => {
  assert.deepEqual(listOptions(q("labelSelector=app%3Dweb&fieldSelector=metadata.name%3Dx&limit=500&resourceVersion=0")), {
    labelSelector: "app=web",
    fieldSelector: "metadata.name=x",
    limit: 500,
    resourceVersion: "0",
  });
});

test("a watch on a named URL watches that object through a field selector", () => {
  assert.deepEqual(watchOptions(q("resourceVersion=5&allowWatchBookmarks=true&timeoutSeconds=300"), "web"), {
    fieldSelector: "metadata.name=web",
    resourceVersion: "5",
    allowWatchBookmarks: true,
    timeoutSeconds: 300,
  });
});

test("fieldValidation defaults to Warn and a bad value is a 422 on the options kind", () => {
  assert.equal(writeOptions(q(""), "CreateOptions").fieldValidation, "Warn");
  assert.throws(() => writeOptions(q("fieldValidation=Loose"), "CreateOptions"), {
    code: 422,
    message: 'CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Loose": supported values: "Ignore", "Strict", "Warn"',
  });
});

test("dryRun=All is a dry run; other values are refused", () => {
  assert.equal(writeOptions(q("dryRun=All"), "PatchOptions").dryRun, true);
  assert.throws(() => writeOptions(q("dryRun=Some"), "PatchOptions"), { code: 422, message: /dryRun: Unsupported value: \[\]string\{"Some"\}: supported values: "All"/ });
});

test("a non-integer limit is a 400 as strconv words it", () => {
  assert.throws(() => listOptions(q("limit=ten")), { code: 400, message: 'strconv.ParseInt: parsing "ten": invalid syntax' });
});

test("delete options merge the query with the body, the body winning", () => {
  assert.deepEqual(deleteOptions(q("gracePeriodSeconds=5&propagationPolicy=Orphan"), { propagationPolicy: "Background", preconditions: { uid: "u" } }), {
    gracePeriodSeconds: 5,
    propagationPolicy: "Background",
    preconditions: { uid: "u" },
  });
  assert.throws(() => deleteOptions(q(""), { propagationPolicy: "Sometimes" }), { code: 422 });
});
