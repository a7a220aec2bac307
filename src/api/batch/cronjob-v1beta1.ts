import type { CronJob } from "kubernetes-types/batch/v1.js";
import { clone, type KubeObject } from "../object.js";
import type { ResourceDefinition, ResourceInfo, VersionConverter } from "../resource.js";
import { cronJobInfo, cronJobStrategy } from "./cronjob.js";

/**
 * batch/v1beta1 CronJob, which upstream removed in v1.25: served again for old manifests,
 * stored as batch/v1 (the fields are the same), answered with the deprecation warning upstream
 * sent while it was served.
 */
export const cronJobV1beta1Info: ResourceInfo = {
  ...cronJobInfo,
  version: "v1beta1",
  deprecationWarning: "batch/v1beta1 CronJob is deprecated in v1.21+, unavailable in v1.25+; use batch/v1 CronJob",
};

function withApiVersion(obj: KubeObject, apiVersion: string): KubeObject {
  const copy = clone(obj);
  copy.apiVersion = apiVersion;
  return copy;
}

/** Only the apiVersion differs between batch/v1beta1 and batch/v1 CronJobs. */
export const cronJobV1beta1Converter: VersionConverter = {
  toStorage: (obj) => withApiVersion(obj, "batch/v1"),
  fromStorage: (obj) => withApiVersion(obj, "batch/v1beta1"),
};

export const cronJobV1beta1Definition: ResourceDefinition<CronJob> = {
  info: cronJobV1beta1Info,
  strategy: cronJobStrategy,
  converter: cronJobV1beta1Converter,
};
