import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import { formatFieldError } from "../field-errors.js";
import { nameIsDNSLabel } from "../../util/names.js";
import { validateLabelSelector, validateNonnegative, validateObjectMeta, validateObjectMetaUpdate } from "./object-meta.js";

const subdomainMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const keyMsg =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

const ok = { name: "web", namespace: "default" };

const createCases: Array<{ name: string; meta: ObjectMeta; namespaced?: boolean; expect: string[] }> = [
  { name: "a named object in a namespace is valid", meta: ok, expect: [] },
  { name: "a name or generateName is required", meta: { namespace: "default" }, expect: ["metadata.name: Required value: name or generateName is required"] },
  { name: "names are DNS subdomains by default", meta: { ...ok, name: "Web" }, expect: [`metadata.name: Invalid value: "Web": ${subdomainMsg}`] },
  {
    name: "a generateName is checked as a prefix",
    meta: { ...ok, generateName: "Web-" },
    expect: [`metadata.generateName: Invalid value: "Web-": ${subdomainMsg}`],
  },
  { name: "a namespaced object needs a namespace", meta: { name: "web" }, expect: ["metadata.namespace: Required value"] },
  { name: "a cluster-scoped object may not have one", meta: ok, namespaced: false, expect: ["metadata.namespace: Forbidden: not allowed on this type"] },
  {
    name: "the namespace must be a DNS label",
    meta: { name: "web", namespace: "a.b" },
    expect: [
      `metadata.namespace: Invalid value: "a.b": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    ],
  },
  { name: "generation may not be negative", meta: { ...ok, generation: -1 }, expect: ["metadata.generation: Invalid value: -1: must be greater than or equal to 0"] },
  { name: "label keys are qualified names", meta: { ...ok, labels: { "a b": "x" } }, expect: [`metadata.labels: Invalid value: "a b": ${keyMsg}`] },
  { name: "annotation keys are checked ignoring case", meta: { ...ok, annotations: { "Example.com/Key": "x" } }, expect: [] },
  {
    name: "annotations may total at most 256 KiB",
    meta: { ...ok, annotations: { a: "x".repeat(256 * 1024) } },
    expect: ["metadata.annotations: Too long: must have at most 262144 bytes"],
  },
  {
    name: "an owner reference needs apiVersion, kind, name and uid",
    meta: { ...ok, ownerReferences: [{ apiVersion: "", kind: "", name: "", uid: "" }] },
    expect: [
      'metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
      'metadata.ownerReferences.kind: Invalid value: "": must not be empty',
      'metadata.ownerReferences.name: Invalid value: "": must not be empty',
      'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
    ],
  },
  {
    name: "only one owner may be the controller",
    meta: {
      ...ok,
      ownerReferences: [
        { apiVersion: "apps/v1", kind: "StatefulSet", name: "a", uid: "1", controller: true },
        { apiVersion: "batch/v1", kind: "Job", name: "b", uid: "2", controller: true },
      ],
    },
    expect: [
      'metadata.ownerReferences: Invalid value: [{"apiVersion":"apps/v1","kind":"StatefulSet","name":"a","uid":"1","controller":true},{"apiVersion":"batch/v1","kind":"Job","name":"b","uid":"2","controller":true}]: Only one reference can have Controller set to true. Found "true" in references for StatefulSet/a and Job/b',
    ],
  },
  {
    name: "an event may not own anything",
    meta: { ...ok, ownerReferences: [{ apiVersion: "v1", kind: "Event", name: "e", uid: "1" }] },
    expect: ['metadata.ownerReferences: Invalid value: {"apiVersion":"v1","kind":"Event","name":"e","uid":"1"}: /v1, Kind=Event is disallowed from being an owner'],
  },
  {
    name: "an unqualified finalizer must be a standard one",
    meta: { ...ok, finalizers: ["cleanup"] },
    expect: ['metadata.finalizers[0]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified'],
  },
  {
    name: "orphan and foregroundDeletion exclude each other",
    meta: { ...ok, finalizers: ["orphan", "foregroundDeletion"] },
    expect: ['metadata.finalizers: Invalid value: ["orphan","foregroundDeletion"]: finalizer orphan and foregroundDeletion cannot be both set'],
  },
];

describe("validateObjectMeta", () => {
  for (const c of createCases) {
    test(c.name, () => {
      const errs = validateObjectMeta(c.meta, { namespaced: c.namespaced ?? true });
      assert.deepEqual(errs.map(formatFieldError), c.expect);
    });
  }
  test("a kind may give its own name rule", () => {
    const errs = validateObjectMeta({ name: "a.b" }, { namespaced: false, nameValidator: nameIsDNSLabel });
    assert.equal(errs.length, 1);
    assert.equal(errs[0]?.field, "metadata.name");
  });
});

const stored: ObjectMeta = { name: "web", namespace: "default", uid: "u1", resourceVersion: "5", generation: 2, creationTimestamp: "2024-01-01T00:00:00Z" };

const updateCases: Array<{ name: string; meta: ObjectMeta; old?: ObjectMeta; expect: string[] }> = [
  { name: "an unchanged identity is a valid update", meta: stored, expect: [] },
  { name: "the name is immutable", meta: { ...stored, name: "db" }, expect: ['metadata.name: Invalid value: "db": field is immutable'] },
  { name: "the uid is immutable", meta: { ...stored, uid: "u2" }, expect: ['metadata.uid: Invalid value: "u2": field is immutable'] },
  { name: "an update needs a resourceVersion", meta: { ...stored, resourceVersion: "" }, expect: ['metadata.resourceVersion: Invalid value: "": must be specified for an update'] },
  { name: "generation never goes down", meta: { ...stored, generation: 1 }, expect: ["metadata.generation: Invalid value: 1: must not be decremented"] },
  {
    name: "no finalizer may be added once deletion began",
    meta: { ...stored, deletionTimestamp: "2024-01-02T00:00:00Z", finalizers: ["example.com/b"] },
    old: { ...stored, deletionTimestamp: "2024-01-02T00:00:00Z" },
    expect: ['metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/b"}'],
  },
];

describe("validateObjectMetaUpdate", () => {
  for (const c of updateCases) {
    test(c.name, () => assert.deepEqual(validateObjectMetaUpdate(c.meta, c.old ?? stored).map(formatFieldError), c.expect));
  }
});

describe("validateLabelSelector", () => {
  const rows: Array<[string, Parameters<typeof validateLabelSelector>[0], string[]]> = [
    ["matchLabels are labels", { matchLabels: { app: "web" } }, []],
    [
      "In needs values",
      { matchExpressions: [{ key: "app", operator: "In" }] },
      ["spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"],
    ],
    [
      "Exists takes no values",
      { matchExpressions: [{ key: "app", operator: "Exists", values: ["x"] }] },
      ["spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"],
    ],
    [
      "unknown operators are invalid",
      { matchExpressions: [{ key: "app", operator: "Has" }] },
      ['spec.selector.matchExpressions[0].operator: Invalid value: "Has": not a valid selector operator'],
    ],
    [
      "values must be label values",
      { matchExpressions: [{ key: "app", operator: "In", values: ["a b"] }] },
      [
        `spec.selector.matchExpressions[0].values[0]: Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      ],
    ],
  ];
  for (const [name, selector, expect] of rows) {
    test(name, () => assert.deepEqual(validateLabelSelector(selector, "spec.selector").map(formatFieldError), expect));
  }
});

describe("validateNonnegative", () => {
  test("zero passes", () => assert.deepEqual(validateNonnegative(0, "spec.replicas"), []));
  test("a negative number names the field", () => {
    assert.deepEqual(validateNonnegative(-1, "spec.replicas").map(formatFieldError), ["spec.replicas: Invalid value: -1: must be greater than or equal to 0"]);
  });
});
