import type { Job } from "kubernetes-types/batch/v1.js";
import { jobStrategy } from "../job.js";

/** A minimal valid Job as a user writes it, changed by `change`. */
export function newJob(change: (j: Job) => void = () => {}): Job {
  const job: Job = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "pi", namespace: "default", uid: "u1", resourceVersion: "7", creationTimestamp: "2024-01-01T00:00:00Z" },
    spec: { template: { spec: { containers: [{ name: "pi", image: "perl:5.34" }], restartPolicy: "Never" } } },
  };
  change(job);
  return job;
}

/** A Job as the registry makes it on create: defaults, then preparation (the uid is already set). */
export function createdJob(change: (j: Job) => void = () => {}): Job {
  const job = newJob(change);
  jobStrategy.applyDefaults(job);
  jobStrategy.prepareForCreate(job);
  return job;
}
