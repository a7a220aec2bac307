import type { CronJob, Job } from "kubernetes-types/batch/v1.js";
import { clone, type Stored } from "../../api/object.js";
import { rfc3339 } from "../../util/clock.js";
import { rfc3339InZone } from "./go-time.js";

/** Where a scheduled Job records the time it was scheduled for (batch/v1 CronJobScheduledTimestampAnnotation). */
export const scheduledTimestampAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp";

/**
 * upstream's getJobName: the CronJob's name and the scheduled time in minutes since the epoch, so
 * one schedule time can only ever name one Job (a second create is AlreadyExists).
 */
export function jobName(cronJobName: string, scheduledTime: number): string {
  return `${cronJobName}-${Math.floor(scheduledTime / 60_000)}`;
}

/**
 * upstream's getJobFromTemplate2: the template's labels and annotations, the scheduled time (in the
 * CronJob's time zone, UTC without one) as an annotation, and a controller reference to the CronJob.
 */
export function jobFromTemplate(cj: Stored<CronJob>, scheduledTime: number): Job {
  const template = cj.spec?.jobTemplate;
  const annotations: Record<string, string> = { ...template?.metadata?.annotations };
  annotations[scheduledTimestampAnnotation] = rfc3339InZone(scheduledTime, cj.spec?.timeZone ?? "UTC");
  const labels = template?.metadata?.labels;
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name: jobName(cj.metadata.name, scheduledTime),
      namespace: cj.metadata.namespace,
      ...(labels && Object.keys(labels).length > 0 ? { labels: { ...labels } } : {}),
      annotations,
      // The server sets its own; upstream fills it in too, for its metrics.
      creationTimestamp: rfc3339(scheduledTime),
      ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: cj.metadata.name, uid: cj.metadata.uid, controller: true, blockOwnerDeletion: true }],
    },
    spec: clone(template?.spec ?? { template: {} }),
  };
}
