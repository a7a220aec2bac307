import type { DownwardAPIVolumeFile, KeyToPath, Pod } from "kubernetes-types/core/v1.js";
import { type ConfigObjects, configMapValues, secretValues } from "../config-objects.js";
import { type DownwardContext, containerResourceValue, podFieldValue } from "../env/field-values.js";

/** One file of a projected volume: its path inside the volume, content and mode. */
export interface VolumeFile {
  readonly path: string;
  readonly content: Buffer;
  readonly mode?: number;
}

/** A volume the kubelet could not set up; the message is the cause as its FailedMount event words it. */
export class VolumeSetupError extends Error {
  override readonly name = "VolumeSetupError";
}

interface KeyedSource {
  readonly items?: readonly KeyToPath[];
  readonly optional?: boolean;
  readonly defaultMode?: number;
}

/** Keys to files: every key, or only the listed items (a listed key that is missing fails unless optional). */
function keyedFiles(values: Record<string, Buffer>, source: KeyedSource, missingKey: (key: string) => string): VolumeFile[] {
  if (!source.items) return Object.entries(values).map(([path, content]) => ({ path, content, mode: source.defaultMode }));
  const files: VolumeFile[] = [];
  for (const item of source.items) {
    const content = values[item.key];
    if (content === undefined) {
      if (source.optional) continue;
      throw new VolumeSetupError(missingKey(item.key));
    }
    files.push({ path: item.path, content, mode: item.mode ?? source.defaultMode });
  }
  return files;
}

export async function configMapFiles(pod: Pod, source: KeyedSource & { name?: string }, objects: ConfigObjects): Promise<VolumeFile[]> {
  const name = source.name ?? "";
  const cm = await objects.configMap(pod.metadata?.namespace ?? "", name);
  if (!cm) {
    if (source.optional) return [];
    throw new VolumeSetupError(`configmap "${name}" not found`);
  }
  return keyedFiles(configMapValues(cm), source, (key) => `configmap references non-existent config key: ${key}`);
}

export async function secretFiles(pod: Pod, source: KeyedSource & { secretName?: string; name?: string }, objects: ConfigObjects): Promise<VolumeFile[]> {
  const name = source.secretName ?? source.name ?? "";
  const secret = await objects.secret(pod.metadata?.namespace ?? "", name);
  if (!secret) {
    if (source.optional) return [];
    throw new VolumeSetupError(`secret "${name}" not found`);
  }
  return keyedFiles(secretValues(secret), source, (key) => `references non-existent secret key: ${key}`);
}

export function downwardFiles(pod: Pod, items: readonly DownwardAPIVolumeFile[], ctx: DownwardContext & { defaultMode?: number }): VolumeFile[] {
  return items.map((item) => {
    let text = "";
    if (item.fieldRef) text = podFieldValue(pod, item.fieldRef.fieldPath, ctx);
    else if (item.resourceFieldRef) {
      const container = (pod.spec?.containers ?? []).find((c) => c.name === item.resourceFieldRef!.containerName) ?? { name: "" };
      text = containerResourceValue(item.resourceFieldRef, container, ctx);
    }
    return { path: item.path, content: Buffer.from(text), mode: item.mode ?? ctx.defaultMode };
  });
}
