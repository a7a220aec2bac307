import type { ResourceDefinition } from "../resource.js";
import { cronJobDefinition } from "./cronjob.js";
import { cronJobV1beta1Definition } from "./cronjob-v1beta1.js";
import { jobDefinition } from "./job.js";

/** The batch resources served, in discovery order: batch/v1 (preferred) before batch/v1beta1. */
export const batchResources: readonly ResourceDefinition[] = [
  jobDefinition as ResourceDefinition,
  cronJobDefinition as ResourceDefinition,
  cronJobV1beta1Definition as ResourceDefinition,
];
