import type { StorageClass } from "kubernetes-types/storage/v1.js";
import { refs } from "../../api/refs.js";
import { isAlreadyExists, isNotFound } from "../../api/status.js";
import { isDefaultStorageClass } from "../../api/storage/storage-class.js";
import type { Client } from "../../client/client.js";

/**
 * tinykube's default class. WaitForFirstConsumer because a provisioned volume is a directory on
 * one machine: the scheduler picks the node first and the volume is made for it (node affinity
 * to its hostname), as kind's `standard` class and local-path provisioners do. It also spares
 * pods the FailedScheduling round an Immediate claim created with its pod goes through.
 */
export function standardStorageClass(provisioner: string): StorageClass {
  return {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name: "standard", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
    provisioner,
    reclaimPolicy: "Delete",
    volumeBindingMode: "WaitForFirstConsumer",
  };
}

/** Creates the standard class unless a class of that name exists (one the user changed is kept). */
export async function ensureStandardClass(client: Client, provisioner: string): Promise<void> {
  try {
    await client.get<StorageClass>(refs.storageClasses, undefined, "standard");
    return;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  try {
    await client.create<StorageClass>(refs.storageClasses, standardStorageClass(provisioner));
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
}

/** GetDefaultClass: of the classes marked default, the newest (then the first by name). */
export function defaultClassOf(classes: readonly StorageClass[]): StorageClass | undefined {
  const defaults = classes.filter(isDefaultStorageClass);
  defaults.sort((a, b) => {
    const ta = a.metadata?.creationTimestamp ?? "";
    const tb = b.metadata?.creationTimestamp ?? "";
    if (ta !== tb) return ta > tb ? -1 : 1;
    return (a.metadata?.name ?? "") < (b.metadata?.name ?? "") ? -1 : 1;
  });
  return defaults[0];
}
