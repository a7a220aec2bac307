import type { Pod, PodStatus } from "kubernetes-types/core/v1.js";
import { type FieldError, FieldPath, fieldErrors } from "../field-errors.js";
import type { ResourceDefinition, ResourceInfo, Strategy } from "../resource.js";
import { apiErrors } from "../status.js";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta.js";
import { validateContainerOnlyForPod } from "./container-validation.js";
import { preparePodForCreate, setPodStatus } from "./pod-create-defaults.js";
import { defaultPodOnlyFields, defaultPodSpec, podSpecQuantityError } from "./pod-spec-defaults.js";
import { validatePodSpec, validatePodSpecificAnnotations } from "./pod-spec-validation.js";
import { podPostSubresource } from "./pod-subresources.js";
import { podTable } from "./pod-table.js";
import { validatePodSpecUpdate, validatePodStatusUpdate } from "./pod-update-validation.js";
import { podWarnings } from "./pod-warnings.js";

export const podInfo: ResourceInfo = {
  group: "",
  version: "v1",
  kind: "Pod",
  resource: "pods",
  singular: "pod",
  listKind: "PodList",
  namespaced: true,
  shortNames: ["po"],
  categories: ["all"],
  subresources: ["status", "binding", "eviction", "log", "exec", "attach", "portforward"],
  verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
  storage: { group: "", resource: "pods", version: "v1", kind: "Pod" },
};

/** SetObjectDefaults_Pod, plus what v1 → internal → v1 conversion settles in the status (IP lists). */
function defaultPod(pod: Pod): void {
  // Upstream fails such a body while decoding it, before defaults or validation.
  const bad = podSpecQuantityError(pod.spec);
  if (bad) throw apiErrors.badRequest(`Pod in version "v1" cannot be handled as a Pod: ${bad}`);
  if (pod.spec) {
    defaultPodSpec(pod.spec);
    defaultPodOnlyFields(pod.spec);
  }
  if (pod.status) setPodStatus(pod, withIPLists(pod.status));
}

/** The singular podIP/hostIP is authoritative when it disagrees with the list, as upstream's conversion. */
function withIPLists(status: PodStatus): PodStatus {
  const s = { ...status };
  if (s.podIP && s.podIPs?.[0]?.ip !== s.podIP) s.podIPs = [{ ip: s.podIP }];
  if (s.hostIP && s.hostIPs?.[0]?.ip !== s.hostIP) s.hostIPs = [{ ip: s.hostIP }];
  if (!s.podIP && s.podIPs?.[0]?.ip) s.podIP = s.podIPs[0].ip;
  if (!s.hostIP && s.hostIPs?.[0]?.ip) s.hostIP = s.hostIPs[0].ip;
  return s;
}

const specPath = FieldPath.root("spec");

/** validatePodMetadataAndSpec plus ValidatePodCreate's rules (which no update can break either). */
function validatePod(pod: Pod): FieldError[] {
  const errs = [
    ...validateObjectMeta(pod.metadata, { namespaced: true }),
    ...validatePodSpecificAnnotations(pod.metadata?.annotations, pod.spec, FieldPath.root("metadata").child("annotations")),
    ...validatePodSpec(pod.spec, pod.metadata, specPath, { resourceIsPod: true }),
  ];
  const spec = pod.spec;
  if (!spec) return errs;
  if (!spec.serviceAccountName) errs.push(...tokenVolumesWithoutAccount(pod));
  (spec.containers ?? []).forEach((c, i) => errs.push(...validateContainerOnlyForPod(c, specPath.child("containers").index(i))));
  (spec.initContainers ?? []).forEach((c, i) => errs.push(...validateContainerOnlyForPod(c, specPath.child("initContainers").index(i))));
  if ((spec.ephemeralContainers ?? []).length > 0) errs.push(fieldErrors.forbidden(specPath.child("ephemeralContainers"), "cannot be set on create"));
  if (spec.nodeName && (spec.schedulingGates ?? []).length > 0) {
    errs.push(fieldErrors.forbidden(specPath.child("nodeName"), "cannot be set until all schedulingGates have been cleared"));
  }
  return errs;
}

function tokenVolumesWithoutAccount(pod: Pod): FieldError[] {
  const errs: FieldError[] = [];
  (pod.spec?.volumes ?? []).forEach((v, vi) => {
    (v.projected?.sources ?? []).forEach((s, si) => {
      if (!s.serviceAccountToken) return;
      const at = specPath.child("volumes").index(vi).child("projected", "sources").index(si).child("serviceAccountToken");
      errs.push(fieldErrors.forbidden(at, "must not be specified when serviceAccountName is not set"));
    });
  });
  return errs;
}

/** Upstream's CheckGracefulDelete: the requested or spec grace period; 0 if never scheduled or already finished. */
function podDeletionGracePeriod(pod: Pod, requested: number | undefined): number {
  let period = requested ?? pod.spec?.terminationGracePeriodSeconds ?? 0;
  if (!pod.spec?.nodeName) period = 0;
  if (pod.status?.phase === "Failed" || pod.status?.phase === "Succeeded") period = 0;
  return period < 0 ? 1 : period;
}

/** ToSelectableFields of upstream's pod registry. */
function podFields(pod: Pod): Record<string, string> {
  return {
    "spec.nodeName": pod.spec?.nodeName ?? "",
    "spec.restartPolicy": pod.spec?.restartPolicy ?? "",
    "spec.schedulerName": pod.spec?.schedulerName ?? "",
    "spec.serviceAccountName": pod.spec?.serviceAccountName ?? "",
    "spec.hostNetwork": String(pod.spec?.hostNetwork ?? false),
    "status.phase": pod.status?.phase ?? "",
    "status.podIP": pod.status?.podIPs?.[0]?.ip ?? "",
    "status.nominatedNodeName": pod.status?.nominatedNodeName ?? "",
  };
}

export const podStrategy: Strategy<Pod> = {
  applyDefaults: defaultPod,
  prepareForCreate: preparePodForCreate,
  prepareForUpdate(pod, old) {
    setPodStatus(pod, old.status ?? {});
  },
  validate: validatePod,
  validateUpdate: (pod, old) => [...validateObjectMetaUpdate(pod.metadata, old.metadata), ...validatePodSpecUpdate(pod, old)],
  warnings: (pod) => podWarnings(pod.spec, pod.metadata),
  status: {
    prepareForUpdate(pod, old) {
      pod.spec = old.spec ?? { containers: [] };
      // Old kubelets corrupted owner references through status writes; upstream ignores them here.
      pod.metadata = { ...pod.metadata, ownerReferences: old.metadata?.ownerReferences ?? [] };
      if (!old.metadata?.ownerReferences) delete pod.metadata.ownerReferences;
      if (!pod.status?.qosClass && old.status?.qosClass) setPodStatus(pod, { ...pod.status, qosClass: old.status.qosClass });
    },
    validateUpdate: (pod, old) => [...validateObjectMetaUpdate(pod.metadata, old.metadata), ...validatePodStatusUpdate(pod, old)],
  },
  table: podTable,
  selectableFields: podFields,
  deletionGracePeriod: podDeletionGracePeriod,
  postSubresource: podPostSubresource,
};

export const podDefinition: ResourceDefinition<Pod> = { info: podInfo, strategy: podStrategy };
