import type { ResourceRef } from "./options.js";

const ref = (group: string, version: string, resource: string): ResourceRef => ({ group, version, resource });

/** The resources controllers and the node agent address, at their preferred versions. */
export const refs = {
  namespaces: ref("", "v1", "namespaces"),
  pods: ref("", "v1", "pods"),
  nodes: ref("", "v1", "nodes"),
  events: ref("", "v1", "events"),
  persistentVolumeClaims: ref("", "v1", "persistentvolumeclaims"),
  persistentVolumes: ref("", "v1", "persistentvolumes"),
  services: ref("", "v1", "services"),
  configMaps: ref("", "v1", "configmaps"),
  secrets: ref("", "v1", "secrets"),
  serviceAccounts: ref("", "v1", "serviceaccounts"),
  statefulSets: ref("apps", "v1", "statefulsets"),
  controllerRevisions: ref("apps", "v1", "controllerrevisions"),
  jobs: ref("batch", "v1", "jobs"),
  cronJobs: ref("batch", "v1", "cronjobs"),
  cronJobsV1beta1: ref("batch", "v1beta1", "cronjobs"),
  storageClasses: ref("storage.k8s.io", "v1", "storageclasses"),
  leases: ref("coordination.k8s.io", "v1", "leases"),
  eventsV1: ref("events.k8s.io", "v1", "events"),
} as const;
