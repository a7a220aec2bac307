import type { ConfigMap, PersistentVolume, PersistentVolumeClaim, Secret } from "kubernetes-types/core/v1.js";
import { refs } from "../api/refs.js";
import type { ResourceRef } from "../api/options.js";
import { isNotFound } from "../api/status.js";
import type { Client } from "../client/client.js";

/** The objects a pod's environment and volumes are made from; undefined when they do not exist. */
export interface ConfigObjects {
  configMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  secret(namespace: string, name: string): Promise<Secret | undefined>;
  persistentVolumeClaim(namespace: string, name: string): Promise<PersistentVolumeClaim | undefined>;
  persistentVolume(name: string): Promise<PersistentVolume | undefined>;
}

/** ConfigObjects read through the Client at each call (the kubelet's "Get" change-detection strategy). */
export function clientConfigObjects(client: Client): ConfigObjects {
  const get = async <T>(ref: ResourceRef, namespace: string | undefined, name: string): Promise<T | undefined> => {
    try {
      return (await client.get(ref, namespace, name)) as T;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  };
  return {
    configMap: (ns, name) => get<ConfigMap>(refs.configMaps, ns, name),
    secret: (ns, name) => get<Secret>(refs.secrets, ns, name),
    persistentVolumeClaim: (ns, name) => get<PersistentVolumeClaim>(refs.persistentVolumeClaims, ns, name),
    persistentVolume: (name) => get<PersistentVolume>(refs.persistentVolumes, undefined, name),
  };
}

/** A secret's values, decoded from base64 (stringData is folded into data by the API server). */
export function secretValues(secret: Secret): Record<string, Buffer> {
  return Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, "base64")]));
}

/** A config map's values: data as text, binaryData decoded. */
export function configMapValues(cm: ConfigMap): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(cm.data ?? {})) out[k] = Buffer.from(v);
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) out[k] = Buffer.from(v, "base64");
  return out;
}
