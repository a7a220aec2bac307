import type { Pod } from "kubernetes-types/core/v1.js";
import { timeMs } from "./pod-state.js";

/** DefaultJobPodFailureBackOff: the first delay before a failed pod is replaced. */
export const podFailureBackoffMs = 10_000;
/** MaxJobPodFailureBackOff: the cap of the doubling delay (upstream's code: 10 minutes). */
export const maxPodFailureBackoffMs = 10 * 60_000;

/**
 * upstream's backoffRecord: failures since the last success, and when the last of them happened.
 * Kept in memory by the controller, as upstream does (lost on restart).
 */
export interface BackoffRecord {
  readonly failuresAfterLastSuccess: number;
  readonly lastFailureTime?: number;
}

export const noBackoff: BackoffRecord = { failuresAfterLastSuccess: 0 };

/**
 * getFinishedTime: when a pod finished, from (in order) its containers' finish times, its
 * Ready=False transition, its deletion timestamp less the grace period, its creation.
 */
export function finishedTime(pod: Pod): number {
  return fromContainers(pod) ?? fromReadyFalse(pod) ?? fromDeletion(pod) ?? timeMs(pod.metadata?.creationTimestamp) ?? 0;
}

function fromContainers(pod: Pod): number | undefined {
  let latest: number | undefined;
  for (const status of pod.status?.containerStatuses ?? []) {
    const at = timeMs(status.state?.terminated?.finishedAt);
    if (at === undefined) return undefined;
    if (latest === undefined || latest < at) latest = at;
  }
  return latest;
}

function fromReadyFalse(pod: Pod): number | undefined {
  const ready = pod.status?.conditions?.find((c) => c.type === "Ready");
  return ready?.status === "False" ? timeMs(ready.lastTransitionTime) : undefined;
}

function fromDeletion(pod: Pod): number | undefined {
  const at = timeMs(pod.metadata?.deletionTimestamp);
  return at === undefined ? undefined : at - (pod.metadata?.deletionGracePeriodSeconds ?? 0) * 1000;
}

const byFinishedTime = (a: Pod, b: Pod): number => finishedTime(a) - finishedTime(b);

/**
 * newBackoffRecord: the record after this sync's newly finished pods. A success resets it; only
 * failures after the latest success count.
 */
export function nextBackoffRecord(previous: BackoffRecord, finished: { succeeded: readonly Pod[]; failed: readonly Pod[] }): BackoffRecord {
  const succeeded = [...finished.succeeded].sort(byFinishedTime);
  const failed = [...finished.failed].sort(byFinishedTime);
  if (succeeded.length === 0) {
    if (failed.length === 0) return previous;
    return { failuresAfterLastSuccess: previous.failuresAfterLastSuccess + failed.length, lastFailureTime: finishedTime(failed[failed.length - 1]!) };
  }
  const lastSuccess = finishedTime(succeeded[succeeded.length - 1]!);
  let failures = 0;
  let lastFailureTime: number | undefined;
  for (let i = failed.length - 1; i >= 0; i--) {
    const at = finishedTime(failed[i]!);
    if (at <= lastSuccess) break;
    lastFailureTime ??= at;
    failures++;
  }
  return lastFailureTime === undefined ? { failuresAfterLastSuccess: failures } : { failuresAfterLastSuccess: failures, lastFailureTime };
}

/** getRemainingTimeForFailuresCount: 10 s doubling per failure, capped; 0 once it has passed. */
export function remainingBackoffMs(record: BackoffRecord, now: number): number {
  const { failuresAfterLastSuccess: failures, lastFailureTime } = record;
  if (failures === 0 || lastFailureTime === undefined) return 0;
  let delay = podFailureBackoffMs;
  for (let i = 1; i < failures; i++) {
    delay *= 2;
    if (delay >= maxPodFailureBackoffMs) {
      delay = maxPodFailureBackoffMs;
      break;
    }
  }
  const elapsed = now - lastFailureTime;
  return delay < elapsed ? 0 : delay - elapsed;
}
