import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { StorageClass } from "kubernetes-types/storage/v1.js";
import { formatFieldError } from "../field-errors.js";
import { storageClassDefinition } from "./storage-class.js";

const { strategy, info } = storageClassDefinition;

function admitted(body: StorageClass): StorageClass {
  const sc = structuredClone(body);
  strategy.applyDefaults(sc);
  strategy.prepareForCreate(sc);
  return sc;
}

test("reclaimPolicy defaults to Delete and volumeBindingMode to Immediate", () => {
  const sc = admitted({ metadata: { name: "standard" }, provisioner: "tinykube.io/local" });
  assert.deepEqual([sc.reclaimPolicy, sc.volumeBindingMode], ["Delete", "Immediate"]);
});

describe("storage class validation", () => {
  const base: StorageClass = { metadata: { name: "standard" }, provisioner: "tinykube.io/local" };
  const cases: Array<{ name: string; sc: StorageClass; expect: string[] }> = [
    { name: "a class with a qualified provisioner is valid", sc: base, expect: [] },
    { name: "the provisioner is required", sc: { ...base, provisioner: "" }, expect: ["provisioner: Required value"] },
    {
      name: "the provisioner is a qualified name, checked in lower case and reported as given",
      sc: { ...base, provisioner: "Tinykube.io/Lo cal" },
      expect: [
        `provisioner: Invalid value: "Tinykube.io/Lo cal": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      ],
    },
    {
      name: "reclaimPolicy is Delete or Retain (Recycle is for volumes only)",
      sc: { ...base, reclaimPolicy: "Recycle" },
      expect: ['reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"'],
    },
    {
      name: "volumeBindingMode is Immediate or WaitForFirstConsumer",
      sc: { ...base, volumeBindingMode: "Later" },
      expect: ['volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"'],
    },
    { name: "a parameter key may not be empty", sc: { ...base, parameters: { "": "x" } }, expect: ['parameters: Invalid value: "": field can not be empty.'] },
    {
      name: "allowed topologies need values, unique keys and distinct terms",
      sc: {
        ...base,
        allowedTopologies: [
          { matchLabelExpressions: [{ key: "zone", values: ["a", "a"] }, { key: "zone", values: [] }] },
          { matchLabelExpressions: [{ key: "rack", values: ["1"] }] },
          { matchLabelExpressions: [{ key: "rack", values: ["1"] }] },
        ],
      },
      expect: [
        'allowedTopologies[0].matchLabelExpressions[0].values[1]: Duplicate value: "a"',
        "allowedTopologies[0].matchLabelExpressions[1].values: Required value",
        'allowedTopologies[0].matchLabelExpressions[1].key: Duplicate value: "zone"',
        'allowedTopologies[2].matchLabelExpressions: Duplicate value: ""',
      ],
    },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(strategy.validate(admitted(c.sc)).map(formatFieldError), c.expect));

  test("an unset binding mode (no defaulting) is required", () => {
    assert.deepEqual(strategy.validate({ ...base, reclaimPolicy: "Delete" }).map(formatFieldError), ["volumeBindingMode: Required value"]);
  });
});

test("provisioner, parameters, reclaimPolicy and volumeBindingMode are fixed after creation", () => {
  const old = admitted({ metadata: { name: "s", uid: "u", resourceVersion: "2" }, provisioner: "a.io/x", parameters: { t: "1" } });
  const next = { ...old, provisioner: "b.io/y", parameters: { t: "2" }, reclaimPolicy: "Retain", volumeBindingMode: "WaitForFirstConsumer", allowVolumeExpansion: true };
  assert.deepEqual(strategy.validateUpdate(next, old).map(formatFieldError), [
    "parameters: Forbidden: updates to parameters are forbidden.",
    "provisioner: Forbidden: updates to provisioner are forbidden.",
    "reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.",
    'volumeBindingMode: Invalid value: "WaitForFirstConsumer": field is immutable',
  ]);
});

describe("storage class table", () => {
  const now = Date.parse("2026-11-28T12:00:00Z");
  test("columns are NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE", () => {
    assert.deepEqual(strategy.table.columns.map((c) => c.name), ["Name", "Provisioner", "ReclaimPolicy", "VolumeBindingMode", "AllowVolumeExpansion", "Age"]);
  });
  test("the default class is marked after its name", () => {
    const sc = admitted({
      metadata: { name: "standard", creationTimestamp: "2026-11-28T11:00:00Z", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
      provisioner: "tinykube.io/local",
    });
    assert.deepEqual(strategy.table.cells(sc, now), ["standard (default)", "tinykube.io/local", "Delete", "Immediate", false, "60m"]);
  });
  test("the beta default annotation counts too, and unset fields print their defaults", () => {
    const sc: StorageClass = { metadata: { name: "old", annotations: { "storageclass.beta.kubernetes.io/is-default-class": "true" } }, provisioner: "p", allowVolumeExpansion: true };
    assert.deepEqual(strategy.table.cells(sc, now), ["old (default)", "p", "Delete", "Immediate", true, "<unknown>"]);
  });
});

test("storage classes are cluster-scoped with the short name sc", () => {
  assert.deepEqual([info.group, info.namespaced, info.shortNames], ["storage.k8s.io", false, ["sc"]]);
});
