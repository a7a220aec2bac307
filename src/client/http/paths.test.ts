import assert from "node:assert/strict";
import { test } from "node:test";
import { refs } from "../../api/refs.js";
import { deleteBody, listQuery, query, resourcePath, watchQuery, writeQuery } from "./paths.js";

const paths: Array<{ name: string; got: string; want: string }> = [
  { name: "a core namespaced collection", got: resourcePath(refs.pods, "default"), want: "/api/v1/namespaces/default/pods" },
  { name: "a grouped named object", got: resourcePath(refs.statefulSets, "ns", "web"), want: "/apis/apps/v1/namespaces/ns/statefulsets/web" },
  { name: "a subresource", got: resourcePath(refs.statefulSets, "ns", "web", "scale"), want: "/apis/apps/v1/namespaces/ns/statefulsets/web/scale" },
  { name: "a cluster-scoped object", got: resourcePath(refs.namespaces, undefined, "kube-system"), want: "/api/v1/namespaces/kube-system" },
  { name: "a namespace's finalize subresource", got: resourcePath(refs.namespaces, undefined, "gone", "finalize"), want: "/api/v1/namespaces/gone/finalize" },
  { name: "names are escaped", got: resourcePath(refs.configMaps, "default", "a b"), want: "/api/v1/namespaces/default/configmaps/a%20b" },
];

for (const p of paths) test(`the path of ${p.name}`, () => assert.equal(p.got, p.want));

test("query strings carry only the options given, escaped", () => {
  assert.equal(query(listQuery({})), "");
  assert.equal(query(listQuery({ labelSelector: "app=web,tier!=db", limit: 2, continue: "t" })), "?labelSelector=app%3Dweb%2Ctier%21%3Ddb&limit=2&continue=t");
  assert.equal(query(watchQuery({ resourceVersion: "10", allowWatchBookmarks: true, timeoutSeconds: 30 })), "?watch=true&resourceVersion=10&allowWatchBookmarks=true&timeoutSeconds=30");
  assert.equal(query(writeQuery({ dryRun: true, fieldManager: "me", fieldValidation: "Strict", force: true })), "?dryRun=All&fieldManager=me&fieldValidation=Strict&force=true");
});

test("the delete body is a DeleteOptions with dryRun as upstream's list", () => {
  assert.deepEqual(deleteBody({ propagationPolicy: "Foreground", dryRun: true, preconditions: { uid: "u" } }), {
    kind: "DeleteOptions",
    apiVersion: "v1",
    propagationPolicy: "Foreground",
    preconditions: { uid: "u" },
    dryRun: ["All"],
  });
});
