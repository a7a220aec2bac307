import type { Job } from "kubernetes-types/batch/v1.js";
import type { KubeObject, Stored } from "../../api/object.js";

export type FinishedCondition = "Complete" | "Failed";

/** upstream's getFinishedStatus: the Complete or Failed condition that is True, if any. */
export function finishedCondition(job: Job): FinishedCondition | undefined {
  for (const c of job.status?.conditions ?? []) {
    if ((c.type === "Complete" || c.type === "Failed") && c.status === "True") return c.type;
  }
  return undefined;
}

function startTime(job: Job): number | undefined {
  const t = job.status?.startTime;
  return t ? Date.parse(t) : undefined;
}

/** upstream's byJobStartTime: oldest start first, jobs not started last, names breaking ties. */
export function byJobStartTime(a: Stored<Job>, b: Stored<Job>): number {
  const sa = startTime(a);
  const sb = startTime(b);
  if (sa === undefined && sb !== undefined) return 1;
  if (sa !== undefined && sb === undefined) return -1;
  if (sa === sb) return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
  return sa! - sb!;
}

/** metav1.IsControlledBy: obj's controller reference has owner's UID. */
export function isControlledBy(obj: KubeObject, ownerUid: string): boolean {
  return obj.metadata?.ownerReferences?.some((r) => r.controller === true && r.uid === ownerUid) ?? false;
}
