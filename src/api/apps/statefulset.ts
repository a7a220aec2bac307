import type { StatefulSet, StatefulSetSpec } from "kubernetes-types/apps/v1.js";
import type { PersistentVolumeClaim } from "kubernetes-types/core/v1.js";
import { clone } from "../object.js";
import { allVerbs, type ResourceDefinition, type ResourceInfo, type ScaleMapping, type Strategy } from "../resource.js";
import { defaultResourceList } from "../core/pod-spec-defaults.js";
import { defaultPodTemplateSpec } from "../core/pod-template.js";
import { semanticEqual } from "../validation/semantic-equal.js";
import { labelSelectorFromSpec } from "../../util/labels.js";
import { statefulSetTable } from "./statefulset-table.js";
import { validateStatefulSet, validateStatefulSetStatusUpdate, validateStatefulSetUpdate } from "./statefulset-validation.js";

export const statefulSetInfo: ResourceInfo = {
  group: "apps",
  version: "v1",
  kind: "StatefulSet",
  resource: "statefulsets",
  singular: "statefulset",
  listKind: "StatefulSetList",
  namespaced: true,
  shortNames: ["sts"],
  categories: ["all"],
  subresources: ["status", "scale"],
  verbs: allVerbs,
  storage: { group: "apps", resource: "statefulsets", version: "v1", kind: "StatefulSet" },
};

/**
 * SetObjectDefaults_StatefulSet (v1.32, StatefulSetAutoDeletePVC on): policies, strategy with
 * partition 0, replicas 1, history 10, the pod template's defaults and each claim template's.
 * Fields Go always serializes (serviceName, template) are materialized so the JSON matches.
 */
export function defaultStatefulSet(sts: StatefulSet): void {
  const spec = (sts.spec ??= {} as StatefulSetSpec);
  spec.podManagementPolicy ||= "OrderedReady";
  const strategy = (spec.updateStrategy ??= {});
  if (!strategy.type) {
    strategy.type = "RollingUpdate";
    strategy.rollingUpdate ??= {};
  }
  if (strategy.type === "RollingUpdate" && strategy.rollingUpdate) strategy.rollingUpdate.partition ??= 0;
  const retention = (spec.persistentVolumeClaimRetentionPolicy ??= {});
  retention.whenDeleted ||= "Retain";
  retention.whenScaled ||= "Retain";
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  spec.serviceName ??= "";
  spec.template ??= {};
  defaultPodTemplateSpec(spec.template);
  for (const claim of spec.volumeClaimTemplates ?? []) defaultClaimTemplate(claim);
}

/** A claim template is a whole PersistentVolumeClaim: the v1 conversion names its kind, PVC defaults apply. */
function defaultClaimTemplate(claim: PersistentVolumeClaim): void {
  claim.apiVersion ||= "v1";
  claim.kind ||= "PersistentVolumeClaim";
  claim.spec ??= {};
  claim.spec.volumeMode ??= "Filesystem";
  claim.spec.resources ??= {};
  for (const list of [claim.spec.resources.requests, claim.spec.resources.limits]) if (list) defaultResourceList(list);
  Object.assign(claim, { status: { ...claim.status, phase: claim.status?.phase || "Pending" } });
}

/** Go always writes these status counters, so a fresh status shows them as 0. */
function emptyStatus(): StatefulSet["status"] {
  return { replicas: 0, availableReplicas: 0 };
}

/** pkg/registry/apps/statefulset's strategy and status strategy. */
export const statefulSetStrategy: Strategy<StatefulSet> = {
  applyDefaults: defaultStatefulSet,
  prepareForCreate(sts) {
    // Status and generation are read-only to clients, hence Object.assign past the types.
    Object.assign(sts, { status: emptyStatus() });
    Object.assign((sts.metadata ??= {}), { generation: 1 });
  },
  prepareForUpdate(sts, old) {
    Object.assign(sts, { status: clone(old.status) ?? emptyStatus() });
    if (!semanticEqual(sts.spec, old.spec)) Object.assign((sts.metadata ??= {}), { generation: (old.metadata?.generation ?? 0) + 1 });
  },
  validate: validateStatefulSet,
  validateUpdate: validateStatefulSetUpdate,
  status: {
    prepareForUpdate(sts, old) {
      sts.spec = clone(old.spec);
    },
    validateUpdate: validateStatefulSetStatusUpdate,
  },
  scale: statefulSetScale(),
  table: statefulSetTable,
};

/** The autoscaling/v1 Scale view: spec.replicas, status.replicas and the selector as a string. */
function statefulSetScale(): ScaleMapping<StatefulSet> {
  return {
    specReplicas: (sts) => sts.spec?.replicas ?? 0,
    statusReplicas: (sts) => sts.status?.replicas ?? 0,
    selector(sts) {
      try {
        return labelSelectorFromSpec(sts.spec?.selector).toString();
      } catch {
        return "";
      }
    },
    withReplicas(sts, replicas) {
      const copy = clone(sts);
      (copy.spec ??= {} as StatefulSetSpec).replicas = replicas;
      return copy;
    },
  };
}

export const statefulSetDefinition: ResourceDefinition<StatefulSet> = { info: statefulSetInfo, strategy: statefulSetStrategy };
