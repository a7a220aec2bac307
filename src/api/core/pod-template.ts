/**
 * The pod template contract other kinds (StatefulSet, Job, CronJob) build on: defaults and
 * validation of a PodTemplateSpec and a PodSpec, as upstream v1.32.
 */
export { defaultPodSpec, defaultPodTemplateSpec } from "./pod-spec-defaults.js";
export { validatePodSpec, validatePodTemplateSpec, validatePodSpecificAnnotations } from "./pod-spec-validation.js";
export type { PodValidationOptions } from "./pod-validation-options.js";
export { podTemplateWarnings } from "./pod-warnings.js";
