import assert from "node:assert/strict";
import { test } from "node:test";
import { servedResources } from "../../api/served.js";
import { discoveryRequest } from "./discovery-request.js";

const table = servedResources();
const kubectlAccept =
  "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
const ctx = (accept: string | undefined) => ({ table, accept, serverAddress: "127.0.0.1:6443" });
const json = (body: unknown): Record<string, unknown> => JSON.parse(String(body)) as Record<string, unknown>;

test("aggregated discovery answers with the exact content type kubectl recognises", () => {
  const res = discoveryRequest({ kind: "discovery", doc: "groups" }, ctx(kubectlAccept));
  assert.equal(res.headers["content-type"], "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
  assert.equal(json(res.body).apiVersion, "apidiscovery.k8s.io/v2");
});

test("a client preferring v2beta1 gets v2beta1", () => {
  const res = discoveryRequest({ kind: "discovery", doc: "groups" }, ctx("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList"));
  assert.equal(res.headers["content-type"], "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList");
});

test("aggregated /apis lists statefulsets with verbs, short names, categories and subresources", () => {
  const body = json(discoveryRequest({ kind: "discovery", doc: "groups" }, ctx(kubectlAccept)).body) as { items: Array<Record<string, unknown>> };
  const apps = body.items.find((g) => (g.metadata as { name?: string }).name === "apps") as { versions: Array<{ version: string; resources: Array<Record<string, unknown>>; freshness: string }> };
  const sts = apps.versions[0]!.resources.find((r) => r.resource === "statefulsets");
  assert.deepEqual(sts, {
    resource: "statefulsets",
    responseKind: { group: "apps", version: "v1", kind: "StatefulSet" },
    scope: "Namespaced",
    singularResource: "statefulset",
    verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
    shortNames: ["sts"],
    categories: ["all"],
    subresources: [
      { subresource: "status", responseKind: { group: "apps", version: "v1", kind: "StatefulSet" }, verbs: ["get", "patch", "update"] },
      { subresource: "scale", responseKind: { group: "autoscaling", version: "v1", kind: "Scale" }, verbs: ["get", "patch", "update"] },
    ],
  });
  assert.equal(apps.versions[0]!.freshness, "Current");
});

test("aggregated /api is the core group alone, with no name", () => {
  const body = json(discoveryRequest({ kind: "discovery", doc: "core-versions" }, ctx(kubectlAccept)).body) as { items: Array<Record<string, unknown>> };
  assert.equal(body.items.length, 1);
  assert.deepEqual(body.items[0]!.metadata, { creationTimestamp: null });
});

test("plain JSON /api is the legacy APIVersions", () => {
  const res = discoveryRequest({ kind: "discovery", doc: "core-versions" }, ctx("application/json, */*"));
  assert.equal(res.headers["content-type"], "application/json");
  assert.deepEqual(json(res.body), { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1:6443" }] });
});

test("plain JSON /apis is the legacy APIGroupList with preferred versions", () => {
  const body = json(discoveryRequest({ kind: "discovery", doc: "groups" }, ctx(undefined)).body) as { kind: string; groups: Array<Record<string, unknown>> };
  assert.equal(body.kind, "APIGroupList");
  assert.deepEqual(
    body.groups.find((g) => g.name === "apps"),
    { name: "apps", versions: [{ groupVersion: "apps/v1", version: "v1" }], preferredVersion: { groupVersion: "apps/v1", version: "v1" } },
  );
});

test("legacy /api/v1 lists subresources as resource/subresource entries", () => {
  const body = json(discoveryRequest({ kind: "discovery", doc: "resources", group: "", version: "v1" }, ctx(undefined)).body) as { resources: Array<Record<string, unknown>> };
  const names = body.resources.map((r) => r.name);
  assert.ok(names.includes("namespaces/status") && names.includes("namespaces/finalize"), String(names));
  assert.deepEqual(
    body.resources.find((r) => r.name === "namespaces/finalize"),
    { name: "namespaces/finalize", singularName: "", namespaced: false, kind: "Namespace", verbs: ["update"] },
  );
});

test("a group-version that is not served is a 404", () => {
  assert.throws(() => discoveryRequest({ kind: "discovery", doc: "resources", group: "nope", version: "v1" }, ctx(undefined)), { code: 404 });
  assert.throws(() => discoveryRequest({ kind: "discovery", doc: "group", group: "nope" }, ctx(undefined)), { code: 404 });
});
