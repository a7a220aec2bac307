import type { Job } from "kubernetes-types/batch/v1.js";
import type { Container, Pod, PodTemplateSpec } from "kubernetes-types/core/v1.js";
import { clone, type Stored } from "../../api/object.js";
import { nameIsDNSSubdomain } from "../../util/names.js";
import { newControllerRef } from "../runtime/owner-keys.js";
import { isIndexed } from "./counting.js";
import { jobPodKeys, trackingFinalizer } from "./pod-state.js";

const completionIndexEnv = "JOB_COMPLETION_INDEX";
/** apiserver's names.MaxGeneratedNameLength: room for the 5 random characters in 63. */
const maxGeneratedNameLength = 58;

/** What makes one new pod of a Job differ from the next. */
export interface NewPodOptions {
  /** Indexed Jobs: the completion index. */
  readonly index?: number;
  /** backoffLimitPerIndex: the failure counts the index carries. */
  readonly failureCounts?: { readonly counted: number; readonly ignored: number };
}

function addIndexEnv(container: Container): void {
  if (container.env?.some((e) => e.name === completionIndexEnv)) return;
  const fieldPath = `metadata.labels['${jobPodKeys.completionIndex}']`;
  container.env = [...(container.env ?? []), { name: completionIndexEnv, valueFrom: { fieldRef: { fieldPath } } }];
}

/**
 * The template every pod of this sync is made from: the Job's, with the tracking finalizer and,
 * for Indexed Jobs, JOB_COMPLETION_INDEX in every container (as upstream's manageJob prepares it).
 */
export function podTemplateFor(job: Job): PodTemplateSpec {
  const template = clone(job.spec?.template ?? {});
  if (isIndexed(job)) {
    for (const c of template.spec?.initContainers ?? []) addIndexEnv(c);
    for (const c of template.spec?.containers ?? []) addIndexEnv(c);
  }
  const meta = (template.metadata ??= {});
  if (!meta.finalizers?.includes(trackingFinalizer)) meta.finalizers = [...(meta.finalizers ?? []), trackingFinalizer];
  return template;
}

/** getPodsPrefix: "<job>-", or the bare name when the dash would make an invalid name. */
function podsPrefix(jobName: string): string {
  const prefix = `${jobName}-`;
  return nameIsDNSSubdomain(prefix, true).length === 0 ? prefix : jobName;
}

/** podGenerateNameWithIndex: "<job>-<index>-", the name shortened to leave room for the suffix. */
export function generateNameWithIndex(jobName: string, index: number): string {
  const suffix = `-${index}-`;
  const prefix = jobName + suffix;
  return prefix.length > maxGeneratedNameLength ? prefix.slice(0, maxGeneratedNameLength - suffix.length) + suffix : prefix;
}

/**
 * GetPodFromTemplate plus manageJob's per-pod additions: labels, annotations and finalizers of
 * the template, a generated name, the controller reference; for an index, its annotation and
 * label, hostname "<job>-<index>" and, with backoffLimitPerIndex, its failure counts.
 */
export function newPod(job: Stored<Job>, template: PodTemplateSpec, options: NewPodOptions = {}): Pod {
  const meta = template.metadata ?? {};
  const pod: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      namespace: job.metadata.namespace,
      generateName: podsPrefix(job.metadata.name),
      labels: { ...meta.labels },
      annotations: { ...meta.annotations },
      finalizers: [...(meta.finalizers ?? [])],
      ownerReferences: [newControllerRef(job)],
    },
    spec: clone(template.spec ?? { containers: [] }),
  };
  const { index, failureCounts } = options;
  const podMeta = pod.metadata!;
  if (index === undefined) return withoutEmptyMaps(pod);
  podMeta.annotations![jobPodKeys.completionIndex] = String(index);
  podMeta.labels![jobPodKeys.completionIndex] = String(index);
  podMeta.generateName = generateNameWithIndex(job.metadata.name, index);
  pod.spec!.hostname = `${job.metadata.name}-${index}`;
  if (failureCounts) {
    podMeta.annotations![jobPodKeys.indexFailureCount] = String(failureCounts.counted);
    if (failureCounts.ignored > 0) podMeta.annotations![jobPodKeys.indexIgnoredFailureCount] = String(failureCounts.ignored);
  }
  return pod;
}

/** Go omits empty maps and lists (omitempty): so do we. */
function withoutEmptyMaps(pod: Pod): Pod {
  const meta = pod.metadata!;
  if (Object.keys(meta.labels ?? {}).length === 0) delete meta.labels;
  if (Object.keys(meta.annotations ?? {}).length === 0) delete meta.annotations;
  if ((meta.finalizers ?? []).length === 0) delete meta.finalizers;
  return pod;
}
