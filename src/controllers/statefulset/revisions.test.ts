// Revision data as Go writes it (the bytes upstream hashes), and the revision bookkeeping built on it.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { StatefulSet } from "kubernetes-types/apps/v1.js";
import { defaultStatefulSet } from "../../api/apps/statefulset.js";
import { goNormalize, goStringify } from "./go-json.js";
import type { SetLike } from "./identity.js";
import { applyRevision, equalRevision, newRevision, nextRevision, revisionData, sortRevisions } from "./revisions.js";
import { storedRevision } from "./testing/fixtures.js";

/** The set of upstream's compatibility test, defaulted as the API server stores it. */
function upstreamSet(): SetLike {
  const set: StatefulSet = {
    metadata: { name: "test", namespace: "test", uid: "ssuid", annotations: { ann: "x" } },
    spec: {
      selector: { matchLabels: { app: "foo" } },
      serviceName: "",
      template: { metadata: { annotations: { test: "value" }, labels: { app: "foo" } }, spec: { containers: [{ image: "test", name: "test" }] } },
    },
  };
  defaultStatefulSet(set);
  return set as SetLike;
}

test("a defaulted template is written as upstream v1.32 writes it: the bytes of its recorded revision", () => {
  assert.equal(
    revisionData(upstreamSet()).raw,
    '{"spec":{"template":{"$patch":"replace","metadata":{"annotations":{"test":"value"},"creationTimestamp":null,"labels":{"app":"foo"}},"spec":{"containers":[{"image":"test","imagePullPolicy":"Always","name":"test","resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],"dnsPolicy":"ClusterFirst","restartPolicy":"Always","schedulerName":"default-scheduler","securityContext":{},"terminationGracePeriodSeconds":30}}}}',
  );
});

test("the revision is named, labelled, annotated and owned as upstream's newRevision", () => {
  const cr = newRevision(upstreamSet(), { revision: 1, collisionCount: 0 });
  assert.equal(cr.metadata?.name, "test-c77f6d978");
  assert.deepEqual(cr.metadata?.labels, { app: "foo", "controller.kubernetes.io/hash": "c77f6d978" });
  assert.deepEqual(cr.metadata?.annotations, { ann: "x" });
  assert.deepEqual(cr.metadata?.ownerReferences, [{ apiVersion: "apps/v1", kind: "StatefulSet", name: "test", uid: "ssuid", controller: true, blockOwnerDeletion: true }]);
  assert.equal(cr.revision, 1);
});

const podTemplate = { kind: "ref", name: "io.k8s.api.core.v1.PodTemplateSpec" } as const;

const normalizeCases = [
  {
    name: "omitempty drops zero scalars, empty lists and empty maps",
    template: { metadata: { labels: {} }, spec: { containers: [{ name: "c", args: [], stdin: false, workingDir: "", volumeMounts: [{ name: "v", mountPath: "/v", readOnly: false }] }] } },
    want: { metadata: { creationTimestamp: null }, spec: { containers: [{ name: "c", resources: {}, volumeMounts: [{ name: "v", mountPath: "/v" }] }] } },
  },
  {
    name: "pointer fields keep their zero values",
    template: { spec: { containers: [{ name: "c" }], terminationGracePeriodSeconds: 0, automountServiceAccountToken: false, securityContext: { runAsUser: 0 } } },
    want: { metadata: { creationTimestamp: null }, spec: { containers: [{ name: "c", resources: {} }], terminationGracePeriodSeconds: 0, automountServiceAccountToken: false, securityContext: { runAsUser: 0 } } },
  },
  {
    name: "required fields stay even when empty, and fields the schema does not know are kept",
    template: { spec: { containers: [{ name: "", env: [{ name: "A", value: "" }] }], futureField: "x" } },
    want: { metadata: { creationTimestamp: null }, spec: { containers: [{ name: "", env: [{ name: "A" }], resources: {} }], futureField: "x" } },
  },
];

for (const c of normalizeCases) {
  test(c.name, () => {
    assert.deepEqual(goNormalize(c.template, podTemplate), c.want);
  });
}

test("strings are escaped as Go escapes them, keys sorted at every level", () => {
  assert.equal(goStringify({ b: "<a&b>", a: ["\u2028", "\n\t\u0001\b\f"], c: { z: 1, y: null } }), '{"a":["\\u2028","\\n\\t\\u0001\\b\\f"],"b":"\\u003ca\\u0026b\\u003e","c":{"y":null,"z":1}}');
});

test("equal revisions are those of equal data, whatever their names or numbers", () => {
  const set = upstreamSet();
  const a = storedRevision(set, 1);
  const b = { ...storedRevision(set, 7), metadata: { ...storedRevision(set, 7).metadata, name: "other" } };
  assert.ok(equalRevision(a, b));
  const changed = structuredClone(set);
  changed.spec!.template.spec!.containers[0]!.image = "test:2";
  assert.ok(!equalRevision(a, storedRevision(changed, 1)));
});

test("revisions sort by number, then age, then name; the next number follows the highest", () => {
  const set = upstreamSet();
  const r = (n: number, name: string, at: string) => ({ ...storedRevision(set, n), metadata: { ...storedRevision(set, n).metadata, name, creationTimestamp: at } });
  const sorted = sortRevisions([r(2, "b", "2026-01-01T00:00:02Z"), r(1, "z", "2026-01-01T00:00:01Z"), r(2, "a", "2026-01-01T00:00:02Z"), r(2, "c", "2026-01-01T00:00:01Z")]);
  assert.deepEqual(sorted.map((x) => x.metadata.name), ["z", "c", "a", "b"]);
  assert.equal(nextRevision(sorted), 3);
  assert.equal(nextRevision([]), 1);
});

test("applying a revision gives the set the revision's template", () => {
  const set = upstreamSet();
  const cr = storedRevision(set, 1);
  const changed = structuredClone(set);
  changed.spec!.template.spec!.containers[0]!.image = "test:2";
  const restored = applyRevision(changed, cr);
  assert.equal(restored.spec?.template.spec?.containers[0]?.image, "test");
  assert.equal((restored.spec?.template as Record<string, unknown>).$patch, undefined);
});
