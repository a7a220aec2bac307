import type { Job, JobCondition } from "kubernetes-types/batch/v1.js";
import type { TablePrinter } from "../resource.js";
import { containerCells, containerColumns } from "../apps/container-cells.js";
import { ageCell, humanDuration, parseTime } from "../printers/time.js";
import { ageColumn, nameColumn, stringColumn } from "../storage/metadata-columns.js";
import { formatLabelSelector } from "../../util/labels.js";

const succeededDescription = "The number of pods which reached phase Succeeded. The value increases monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs.";
const selectorDescription =
  "A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors";

/** upstream's hasJobCondition: the first condition of that type decides. */
function hasCondition(conditions: readonly JobCondition[] | undefined, type: string): boolean {
  const c = (conditions ?? []).find((x) => x.type === type);
  return c?.status === "True";
}

/** The STATUS cell of v1.32's printJob. */
export function jobStatusCell(job: Job): string {
  const conditions = job.status?.conditions;
  if (hasCondition(conditions, "Complete")) return "Complete";
  if (hasCondition(conditions, "Failed")) return "Failed";
  if (job.metadata?.deletionTimestamp) return "Terminating";
  if (hasCondition(conditions, "Suspended")) return "Suspended";
  if (hasCondition(conditions, "FailureTarget")) return "FailureTarget";
  return "Running";
}

/** "1/3", or without completions "0/1", "0/1 of 4" when parallelism is above 1. */
function completionsCell(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  const completions = job.spec?.completions;
  if (completions != null) return `${succeeded}/${completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** From startTime to completionTime, or to now while running; empty before the job starts. */
function durationCell(job: Job, now: number): string {
  const start = parseTime(job.status?.startTime);
  if (start === undefined) return "";
  const end = parseTime(job.status?.completionTime);
  return humanDuration((end ?? now) - start);
}

/** printJob: NAME STATUS COMPLETIONS DURATION AGE, and CONTAINERS IMAGES SELECTOR with -o wide. */
export const jobTable: TablePrinter<Job> = {
  columns: [
    nameColumn,
    stringColumn("Status", "Status of the job."),
    stringColumn("Completions", succeededDescription),
    stringColumn("Duration", "Time required to complete the job."),
    ageColumn,
    ...containerColumns,
    stringColumn("Selector", selectorDescription, 1),
  ],
  cells: (job, now) => [
    job.metadata?.name ?? "",
    jobStatusCell(job),
    completionsCell(job),
    durationCell(job, now),
    ageCell(job.metadata?.creationTimestamp, now),
    ...containerCells(job.spec?.template),
    formatLabelSelector(job.spec?.selector),
  ],
};
