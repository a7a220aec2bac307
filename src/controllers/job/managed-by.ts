import type { Job } from "kubernetes-types/batch/v1.js";

/** batch.JobControllerName: spec.managedBy naming this controller (or unset). */
export const jobControllerName = "kubernetes.io/job-controller";

/** managedByExternalController: spec.managedBy names another controller, which then does everything. */
export function managedElsewhere(job: Job): boolean {
  const by = job.spec?.managedBy;
  return by != null && by !== jobControllerName;
}
