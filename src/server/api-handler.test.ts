import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ResourceTable } from "../api/resource-table.js";
import { servedResources } from "../api/served.js";
import type { ApiResponse } from "./api-request.js";
import { tokenAuthenticator } from "./authenticator.js";
import { jsonOf, startTestApi, type TestApi } from "./testing/test-api.js";

const notFound = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "the server could not find the requested resource", reason: "NotFound", code: 404 };

let api: TestApi;
before(async () => {
  api = await startTestApi({ maxBodyBytes: 64 * 1024 });
  await api.request("POST", "/api/v1/namespaces", { body: { metadata: { name: "default" } } });
});
after(() => api.close());

function warnings(res: ApiResponse): string[] {
  const w = res.headers.warning;
  return w === undefined ? [] : Array.isArray(w) ? w : [w];
}

describe("paths and methods answer as upstream's routes do", () => {
  const cases: Array<{ name: string; method: string; url: string; expect: Record<string, unknown> }> = [
    { name: "a path no API serves is the NotFoundHandler's 404 without details", method: "GET", url: "/nope", expect: notFound },
    { name: "a group no one serves is a 404 without details", method: "GET", url: "/apis/example.com/v1/things", expect: notFound },
    { name: "an unknown resource of a served version is a 404 with empty details", method: "GET", url: "/api/v1/foos", expect: { ...notFound, details: {} } },
    { name: "a subresource the resource lacks is a 404", method: "GET", url: "/api/v1/namespaces/default/configmaps/x/scale", expect: { ...notFound, details: {} } },
    { name: "a namespaced item without its namespace is a 404", method: "GET", url: "/api/v1/configmaps/x", expect: { ...notFound, details: {} } },
    {
      name: "a verb the resource does not serve is a 405",
      method: "DELETE",
      url: "/api/v1/namespaces",
      expect: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "the server does not allow this method on the requested resource", reason: "MethodNotAllowed", details: {}, code: 405 },
    },
    {
      name: "PUT on a collection is a 405",
      method: "PUT",
      url: "/api/v1/namespaces/default/configmaps",
      expect: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "the server does not allow this method on the requested resource", reason: "MethodNotAllowed", details: {}, code: 405 },
    },
    {
      name: "a missing object is a NotFound naming the resource",
      method: "GET",
      url: "/api/v1/namespaces/default/configmaps/nothere",
      expect: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: 'configmaps "nothere" not found', reason: "NotFound", details: { name: "nothere", kind: "configmaps" }, code: 404 },
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const res = await api.request(c.method, c.url);
      assert.equal(res.status, c.expect.code);
      assert.deepEqual(jsonOf(res), c.expect);
    });
  }
});

describe("object bodies", () => {
  test("create answers 201 with the stored object and a list carries its resourceVersion", async () => {
    const res = await api.request("POST", "/api/v1/namespaces/default/configmaps", { body: { metadata: { name: "one" }, data: { a: "1" } } });
    assert.equal(res.status, 201);
    assert.equal((jsonOf(res).metadata as { name: string }).name, "one");
    const list = jsonOf(await api.request("GET", "/api/v1/namespaces/default/configmaps"));
    assert.equal(list.kind, "ConfigMapList");
    assert.match(String((list.metadata as { resourceVersion: string }).resourceVersion), /^\d+$/);
  });

  test("an unsupported content type is a 415", async () => {
    const res = await api.request("POST", "/api/v1/namespaces/default/configmaps", { body: "x", headers: { "content-type": "text/plain" } });
    assert.equal(res.status, 415);
    assert.equal(jsonOf(res).reason, "UnsupportedMediaType");
  });

  test("malformed JSON is a 400 with the decoder's message and a summary of the body", async () => {
    const res = await api.request("POST", "/api/v1/namespaces/default/configmaps", { body: '{"metadata":' });
    assert.equal(res.status, 400);
    assert.equal(
      jsonOf(res).message,
      'the object provided is unrecognized (must be of type ConfigMap): couldn\'t get version/kind; json parse error: unexpected end of JSON input ({"metadata":)',
    );
  });

  test("fieldValidation=Strict refuses unknown and duplicate fields with upstream's message", async () => {
    const body = '{"metadata":{"name":"strict"},"spec":{},"data":{"a":"1","a":"2"}}';
    const res = await api.request("POST", "/api/v1/namespaces/default/configmaps?fieldValidation=Strict", { body });
    assert.equal(res.status, 400);
    assert.equal(jsonOf(res).message, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "spec", duplicate field "data.a"');
  });

  test("fieldValidation=Warn (the default) stores the object without the unknown field and warns", async () => {
    const res = await api.request("POST", "/api/v1/namespaces/default/configmaps", { body: { metadata: { name: "warned" }, bogus: 1 } });
    assert.equal(res.status, 201);
    assert.equal("bogus" in jsonOf(res), false);
    assert.deepEqual(warnings(res), ['299 - "unknown field \\"bogus\\""']);
  });

  test("fieldValidation=Ignore drops the unknown field silently", async () => {
    const res = await api.request("POST", "/api/v1/namespaces/default/configmaps?fieldValidation=Ignore", { body: { metadata: { name: "ignored" }, bogus: 1 } });
    assert.equal(res.status, 201);
    assert.deepEqual(warnings(res), []);
  });

  test("a YAML body is read like JSON", async () => {
    const res = await api.request("POST", "/api/v1/namespaces/default/configmaps", { body: "metadata:\n  name: from-yaml\ndata:\n  k: v\n", headers: { "content-type": "application/yaml" } });
    assert.equal(res.status, 201);
    assert.deepEqual(jsonOf(res).data, { k: "v" });
  });

  test("a protobuf body as kubectl 1.32's create generators send it is created and answered in JSON", async () => {
    // k8s\0 + Unknown{typeMeta{"v1","Namespace"}, raw: Namespace{metadata{name:"from-proto"}}}
    const meta = [0x0a, 0x0a, ...Buffer.from("from-proto")];
    const raw = [0x0a, meta.length, ...meta];
    const typeMeta = [0x0a, 0x02, ...Buffer.from("v1"), 0x12, 0x09, ...Buffer.from("Namespace")];
    const body = Uint8Array.from([0x6b, 0x38, 0x73, 0x00, 0x0a, typeMeta.length, ...typeMeta, 0x12, raw.length, ...raw]);
    const res = await api.request("POST", "/api/v1/namespaces", { body, headers: { "content-type": "application/vnd.kubernetes.protobuf", accept: "application/vnd.kubernetes.protobuf,application/json" } });
    assert.equal(res.status, 201);
    assert.equal(res.headers["content-type"], "application/json");
    assert.equal((jsonOf(res).metadata as { name: string }).name, "from-proto");
  });

  test("a body over the limit is a 413", async () => {
    const res = await api.request("POST", "/api/v1/namespaces/default/configmaps", { body: "x".repeat(64 * 1024 + 1) });
    assert.equal(res.status, 413);
    assert.equal(jsonOf(res).reason, "RequestEntityTooLarge");
  });

  test("dryRun=All answers the object without storing it", async () => {
    const res = await api.request("POST", "/api/v1/namespaces/default/configmaps?dryRun=All", { body: { metadata: { name: "dry" } } });
    assert.equal(res.status, 201);
    assert.equal((await api.request("GET", "/api/v1/namespaces/default/configmaps/dry")).status, 404);
  });
});

describe("patch, update and delete", () => {
  before(() => api.request("POST", "/api/v1/namespaces/default/configmaps", { body: { metadata: { name: "p" }, data: { a: "1" } } }));

  test("each patch type applies by its content type", async () => {
    const patches: Array<[string, unknown]> = [
      ["application/merge-patch+json", { data: { b: "2" } }],
      ["application/strategic-merge-patch+json", { data: { c: "3" } }],
      ["application/json-patch+json", [{ op: "add", path: "/data/d", value: "4" }]],
    ];
    for (const [ct, body] of patches) {
      const res = await api.request("PATCH", "/api/v1/namespaces/default/configmaps/p", { body, headers: { "content-type": ct } });
      assert.equal(res.status, 200, ct);
    }
    assert.deepEqual(jsonOf(await api.request("GET", "/api/v1/namespaces/default/configmaps/p")).data, { a: "1", b: "2", c: "3", d: "4" });
  });

  test("an unknown patch type is a 415 listing the patch types", async () => {
    const res = await api.request("PATCH", "/api/v1/namespaces/default/configmaps/p", { body: {}, headers: { "content-type": "application/json" } });
    assert.equal(res.status, 415);
    assert.match(String(jsonOf(res).message), /accepted media types include: application\/json-patch\+json, application\/merge-patch\+json/);
  });

  test("duplicate fields in a merge patch fail under Strict", async () => {
    const res = await api.request("PATCH", "/api/v1/namespaces/default/configmaps/p?fieldValidation=Strict", {
      body: '{"data":{"x":"1","x":"2"}}',
      headers: { "content-type": "application/merge-patch+json" },
    });
    assert.equal(res.status, 400);
    assert.equal(jsonOf(res).message, 'strict decoding error: duplicate field "data.x"');
  });

  test("PUT replaces the object", async () => {
    const current = jsonOf(await api.request("GET", "/api/v1/namespaces/default/configmaps/p"));
    const res = await api.request("PUT", "/api/v1/namespaces/default/configmaps/p", { body: { ...current, data: { only: "this" } } });
    assert.equal(res.status, 200);
    assert.deepEqual(jsonOf(res).data, { only: "this" });
  });

  test("a delete that removes the object answers a Success Status naming it", async () => {
    const uid = (jsonOf(await api.request("GET", "/api/v1/namespaces/default/configmaps/p")).metadata as { uid: string }).uid;
    const res = await api.request("DELETE", "/api/v1/namespaces/default/configmaps/p", { body: { propagationPolicy: "Background" } });
    assert.equal(res.status, 200);
    assert.deepEqual(jsonOf(res), { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", details: { name: "p", kind: "configmaps", uid } });
  });
});

describe("tables", () => {
  const tableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

  test("kubectl get's Accept gets a Table whose rows carry PartialObjectMetadata", async () => {
    const t = jsonOf(await api.request("GET", "/api/v1/namespaces/default/configmaps?limit=500", { headers: { accept: tableAccept } }));
    assert.equal(t.kind, "Table");
    assert.equal((t.columnDefinitions as Array<{ name: string }>)[0]!.name, "Name");
    const row = (t.rows as Array<{ cells: unknown[]; object: { kind: string } }>)[0]!;
    assert.equal(row.object.kind, "PartialObjectMetadata");
  });

  test("a single object as a Table has one row", async () => {
    const t = jsonOf(await api.request("GET", "/api/v1/namespaces/default/configmaps/one", { headers: { accept: tableAccept } }));
    assert.equal((t.rows as unknown[]).length, 1);
  });

  test("PartialObjectMetadataList answers metadata only", async () => {
    const l = jsonOf(await api.request("GET", "/api/v1/namespaces/default/configmaps", { headers: { accept: "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io" } }));
    assert.equal(l.kind, "PartialObjectMetadataList");
    assert.deepEqual(Object.keys((l.items as object[])[0]!), ["kind", "apiVersion", "metadata"]);
  });

  test("an Accept the server cannot answer is a 406", async () => {
    const res = await api.request("GET", "/api/v1/namespaces/default/configmaps", { headers: { accept: "text/html" } });
    assert.equal(res.status, 406);
  });
});

async function firstLines(res: ApiResponse, n: number): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  let buf = "";
  for await (const chunk of res.stream!) {
    buf += chunk.toString();
    while (buf.includes("\n") && out.length < n) {
      const i = buf.indexOf("\n");
      out.push(JSON.parse(buf.slice(0, i)) as Record<string, unknown>);
      buf = buf.slice(i + 1);
    }
    if (out.length >= n) break;
  }
  return out;
}

describe("watch", () => {
  test("events stream as newline-delimited JSON from the list's resourceVersion", async () => {
    const rv = (jsonOf(await api.request("GET", "/api/v1/namespaces/default/configmaps")).metadata as { resourceVersion: string }).resourceVersion;
    const res = await api.request("GET", `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}`);
    assert.equal(res.status, 200);
    await api.request("POST", "/api/v1/namespaces/default/configmaps", { body: { metadata: { name: "watched" } } });
    const [event] = await firstLines(res, 1);
    assert.equal(event!.type, "ADDED");
    assert.equal(((event!.object as Record<string, unknown>).metadata as { name: string }).name, "watched");
    res.stream!.close();
  });

  test("Table watch events carry column definitions on the first event only", async () => {
    const rv = (jsonOf(await api.request("GET", "/api/v1/namespaces/default/configmaps")).metadata as { resourceVersion: string }).resourceVersion;
    const res = await api.request("GET", `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}`, { headers: { accept: "application/json;as=Table;v=v1;g=meta.k8s.io" } });
    await api.request("POST", "/api/v1/namespaces/default/configmaps", { body: { metadata: { name: "t1" } } });
    await api.request("POST", "/api/v1/namespaces/default/configmaps", { body: { metadata: { name: "t2" } } });
    const [a, b] = await firstLines(res, 2);
    assert.notEqual((a!.object as { columnDefinitions: unknown }).columnDefinitions, null);
    assert.equal((b!.object as { columnDefinitions: unknown }).columnDefinitions, null);
    assert.equal(((b!.object as { rows: unknown[] }).rows).length, 1);
    res.stream!.close();
  });

  test("a watch from a compacted resourceVersion is a 410 Status", async () => {
    await api.store.compact(await api.store.currentRevision());
    const res = await api.request("GET", "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1");
    assert.equal(res.status, 410);
    assert.equal(jsonOf(res).reason, "Expired");
  });
});

describe("discovery, version and OpenAPI through handle()", () => {
  test("/version reports Kubernetes v1.32", async () => {
    const v = jsonOf(await api.request("GET", "/version?timeout=5s"));
    assert.equal(v.major, "1");
    assert.equal(v.minor, "32");
  });

  test("/openapi/v3 lists each group-version with a hashed URL that serves an immutable document", async () => {
    const index = jsonOf(await api.request("GET", "/openapi/v3")) as { paths: Record<string, { serverRelativeURL: string }> };
    const url = index.paths["apis/apps/v1"]!.serverRelativeURL;
    assert.match(url, /^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
    const doc = await api.request("GET", url);
    assert.equal(doc.headers["cache-control"], "public, immutable");
    const patch = (jsonOf(doc).paths as Record<string, Record<string, Record<string, unknown>>>)["/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}"]!.patch!;
    assert.deepEqual(patch["x-kubernetes-group-version-kind"], { group: "apps", version: "v1", kind: "StatefulSet" });
    assert.ok((patch.parameters as Array<{ name: string }>).some((p) => p.name === "fieldValidation"));
    const stale = await api.request("GET", "/openapi/v3/apis/apps/v1?hash=00");
    assert.equal(stale.status, 301);
    assert.equal(stale.headers.location, url);
  });
});

describe("pod streams without a node agent", () => {
  test("logs answer a clear 503", async () => {
    const res = await api.request("GET", "/api/v1/namespaces/default/pods/x/log");
    // pods may not be served yet; either way the answer is a Status.
    assert.ok(res.status === 503 || res.status === 404, String(res.status));
  });
});

describe("authentication", () => {
  let secured: TestApi;
  before(async () => {
    secured = await startTestApi({ authenticator: tokenAuthenticator(new Map([["t0ken", { name: "admin", groups: ["system:masters"] }]])) });
  });
  after(() => secured.close());

  test("no credentials may read /version but not the API", async () => {
    assert.equal((await secured.request("GET", "/version")).status, 200);
    const res = await secured.request("GET", "/api");
    assert.equal(res.status, 401);
    assert.deepEqual(jsonOf(res), { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "Unauthorized", reason: "Unauthorized", code: 401 });
  });

  test("a wrong token is refused even on public paths", async () => {
    assert.equal((await secured.request("GET", "/version", { headers: { authorization: "Bearer wrong" } })).status, 401);
  });

  test("the right token is served", async () => {
    assert.equal((await secured.request("GET", "/api/v1/namespaces", { headers: { authorization: "Bearer t0ken" } })).status, 200);
  });
});

describe("deprecated versions", () => {
  let old: TestApi;
  before(async () => {
    const served = servedResources();
    const cm = served.lookup({ group: "", version: "v1", resource: "configmaps" })!;
    const deprecated = { ...cm, info: { ...cm.info, version: "v1beta1", deprecationWarning: "v1beta1 ConfigMap is deprecated; use v1 ConfigMap" } };
    old = await startTestApi({ resources: new ResourceTable([...served.definitions, deprecated]) });
  });
  after(() => old.close());

  test("every answer of a deprecated version carries its Warning header, errors included", async () => {
    const ok = await old.request("GET", "/api/v1beta1/namespaces/default/configmaps");
    const missing = await old.request("GET", "/api/v1beta1/namespaces/default/configmaps/nothere");
    for (const res of [ok, missing]) assert.deepEqual(warnings(res), ['299 - "v1beta1 ConfigMap is deprecated; use v1 ConfigMap"']);
    assert.equal(missing.status, 404);
    assert.deepEqual(warnings(await old.request("GET", "/api/v1/namespaces/default/configmaps")), []);
  });
});
