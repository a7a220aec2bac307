import assert from "node:assert/strict";
import { test } from "node:test";
import { requestInfo } from "./request-info.js";

const cases: Array<{ name: string; method: string; url: string; expect: Record<string, unknown> }> = [
  { name: "GET /api is the core versions document", method: "GET", url: "/api", expect: { kind: "discovery", doc: "core-versions" } },
  { name: "GET /apis is the group list", method: "GET", url: "/apis", expect: { kind: "discovery", doc: "groups" } },
  { name: "GET /apis/apps is one group", method: "GET", url: "/apis/apps", expect: { kind: "discovery", doc: "group", group: "apps" } },
  { name: "GET /api/v1 is the core resource list", method: "GET", url: "/api/v1", expect: { kind: "discovery", doc: "resources", group: "", version: "v1" } },
  {
    name: "GET of a namespaced collection is a list in that namespace",
    method: "GET",
    url: "/api/v1/namespaces/default/pods",
    expect: { kind: "resource", verb: "list", group: "", version: "v1", namespace: "default", resource: "pods", extra: [] },
  },
  {
    name: "GET of a namespaced item is a get",
    method: "GET",
    url: "/apis/apps/v1/namespaces/ns1/statefulsets/web",
    expect: { kind: "resource", verb: "get", group: "apps", version: "v1", namespace: "ns1", resource: "statefulsets", name: "web", extra: [] },
  },
  {
    name: "a subresource follows the name",
    method: "PATCH",
    url: "/apis/apps/v1/namespaces/ns1/statefulsets/web/scale",
    expect: { kind: "resource", verb: "patch", group: "apps", version: "v1", namespace: "ns1", resource: "statefulsets", name: "web", subresource: "scale", extra: [] },
  },
  {
    name: "?watch=true turns a list into a watch",
    method: "GET",
    url: "/api/v1/namespaces/default/pods?watch=true",
    expect: { kind: "resource", verb: "watch", group: "", version: "v1", namespace: "default", resource: "pods", extra: [] },
  },
  {
    name: "the /watch/ prefix is a watch too",
    method: "GET",
    url: "/api/v1/watch/namespaces/default/pods/p1",
    expect: { kind: "resource", verb: "watch", group: "", version: "v1", namespace: "default", resource: "pods", name: "p1", extra: [] },
  },
  {
    name: "a namespace itself is the cluster-scoped namespaces resource",
    method: "GET",
    url: "/api/v1/namespaces/kube-system",
    expect: { kind: "resource", verb: "get", group: "", version: "v1", resource: "namespaces", name: "kube-system", extra: [] },
  },
  {
    name: "namespaces/x/finalize is the namespace's finalize subresource",
    method: "PUT",
    url: "/api/v1/namespaces/x/finalize",
    expect: { kind: "resource", verb: "update", group: "", version: "v1", resource: "namespaces", name: "x", subresource: "finalize", extra: [] },
  },
  {
    name: "DELETE of a collection is deletecollection",
    method: "DELETE",
    url: "/apis/batch/v1/namespaces/default/jobs",
    expect: { kind: "resource", verb: "deletecollection", group: "batch", version: "v1", namespace: "default", resource: "jobs", extra: [] },
  },
  {
    name: "POST is create",
    method: "POST",
    url: "/api/v1/namespaces/default/pods/p/binding",
    expect: { kind: "resource", verb: "create", group: "", version: "v1", namespace: "default", resource: "pods", name: "p", subresource: "binding", extra: [] },
  },
  {
    name: "a cluster-wide list has no namespace",
    method: "GET",
    url: "/api/v1/pods",
    expect: { kind: "resource", verb: "list", group: "", version: "v1", resource: "pods", extra: [] },
  },
  { name: "other paths are non-resource paths", method: "GET", url: "/openapi/v3", expect: { kind: "nonresource", path: "/openapi/v3" } },
];

for (const c of cases) {
  test(c.name, () => {
    const url = new URL(c.url, "http://x");
    assert.deepEqual(requestInfo(c.method, url.pathname, url.searchParams), c.expect);
  });
}
