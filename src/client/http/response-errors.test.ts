import assert from "node:assert/strict";
import { test } from "node:test";
import { responseError, warningsOf } from "./response-errors.js";

test("an error answer carrying a Status is that Status", () => {
  const status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: 'pods "x" not found', reason: "NotFound", details: { name: "x", kind: "pods" }, code: 404 };
  assert.deepEqual(responseError(404, "GET", Buffer.from(JSON.stringify(status))).status, status);
});

const generic: Array<{ name: string; code: number; method: string; body: string; reason: string | undefined; message: string }> = [
  { name: "a bare 404", code: 404, method: "GET", body: "404 page not found", reason: "NotFound", message: "the server could not find the requested resource" },
  { name: "a 409 to a POST", code: 409, method: "POST", body: "", reason: "AlreadyExists", message: "the server reported a conflict" },
  { name: "a 409 to a PUT", code: 409, method: "PUT", body: "", reason: "Conflict", message: "the server reported a conflict" },
  { name: "a 403 keeps the server's words", code: 403, method: "GET", body: "no entry", reason: "Forbidden", message: "no entry" },
  { name: "a 502 from a proxy", code: 502, method: "GET", body: "<html>bad gateway</html>", reason: "InternalError", message: 'an error on the server ("<html>bad gateway</html>") has prevented the request from succeeding' },
  { name: "a 418", code: 418, method: "GET", body: "teapot", reason: undefined, message: "the server responded with the status code 418 but did not return more information" },
];

for (const c of generic) {
  test(`${c.name} becomes apimachinery's generic server response`, () => {
    const err = responseError(c.code, c.method, Buffer.from(c.body));
    assert.deepEqual([err.code, err.reason, err.message], [c.code, c.reason, c.message]);
  });
}

test("warning headers give their texts; only code 299 counts", () => {
  assert.deepEqual(warningsOf(undefined), []);
  assert.deepEqual(warningsOf('299 - "batch/v1beta1 CronJob is deprecated"'), ["batch/v1beta1 CronJob is deprecated"]);
  assert.deepEqual(warningsOf(['299 - "a \\"quoted\\" word"', '199 - "ignored"', '299 - "one", 299 - "two"']), ['a "quoted" word', "one", "two"]);
});
