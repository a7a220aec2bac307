/** The scheduler name pods get by default (spec.schedulerName), and the events' source. */
export const defaultSchedulerName = "default-scheduler";
