import type { CronJob } from "kubernetes-types/batch/v1.js";
import { objectKey, type Stored } from "../../api/object.js";
import type { EventHandler } from "../../client/informer.js";
import type { Clock } from "../../util/clock.js";
import type { EventRecorder } from "../runtime/event-recorder.js";
import { parseCronJobSchedule } from "./scheduling.js";
import { nextScheduleTimeDuration } from "./schedule-times.js";

export interface CronJobHandlerDeps {
  readonly clock: Clock;
  readonly recorder: EventRecorder;
  readonly localTimeZone: string;
  readonly enqueue: (key: string) => void;
  readonly enqueueAfter: (key: string, ms: number) => void;
}

/**
 * upstream's CronJob event handlers: adds and deletes sync at once; an update that changes the
 * schedule or time zone syncs at the new schedule's next time (an unparsable one is reported and
 * waits for the next change); any other update syncs at once.
 */
export function cronJobHandler(d: CronJobHandlerDeps): EventHandler<CronJob> {
  return {
    onAdd: (cj) => d.enqueue(objectKey(cj)),
    onDelete: (cj) => d.enqueue(objectKey(cj)),
    onUpdate(old, cj) {
      if (old.spec?.schedule === cj.spec?.schedule && old.spec?.timeZone === cj.spec?.timeZone) {
        d.enqueue(objectKey(cj));
        return;
      }
      rescheduled(d, cj);
    },
  };
}

function rescheduled(d: CronJobHandlerDeps, cj: Stored<CronJob>): void {
  // As upstream, parsed without formatSchedule's TZ warning: the sync reports that.
  const parsed = parseCronJobSchedule(cj, d.localTimeZone);
  if (!("schedule" in parsed)) {
    d.recorder.event(cj, "Warning", "UnParseableCronJobSchedule", `unparseable schedule for cronjob: ${cj.spec?.schedule ?? ""}`);
    return;
  }
  d.enqueueAfter(objectKey(cj), nextScheduleTimeDuration(cj, d.clock.now(), parsed.schedule));
}
