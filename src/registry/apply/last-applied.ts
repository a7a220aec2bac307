/**
 * The bridge between client-side and server-side apply that upstream builds in for the
 * manager "kubectl" (lastappliedmanager.go, lastappliedupdater.go): conflicts on fields
 * whose live value is still what the kubectl.kubernetes.io/last-applied-configuration
 * annotation says are not conflicts, and an apply keeps that annotation in step.
 */
import type { KubeObject } from "../../api/object.js";
import { isPlainObject } from "../../api/object.js";
import { compare } from "./compare.js";
import type { FieldSet } from "./field-set.js";
import type { SsaType } from "./ssa-type.js";
import { configErrors, toFieldSet } from "./to-field-set.js";

export const lastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";
/** The manager whose applies upgrade from client-side apply. */
export const kubectlManager = "kubectl";
/** upstream's TotalAnnotationSizeLimitB. */
const annotationsSizeLimit = 256 * 1024;

/**
 * The fields the last-applied configuration sets with the values the live object still
 * has: conflicts on those are left over from client-side apply. Undefined when there is no
 * usable annotation.
 */
export function fieldsStillAsLastApplied(live: KubeObject, options: { apiVersion: string; type: SsaType }): FieldSet | undefined {
  const text = live.metadata?.annotations?.[lastAppliedAnnotation];
  if (!text) return undefined;
  let lastApplied: unknown;
  try {
    lastApplied = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isPlainObject(lastApplied) || lastApplied["apiVersion"] !== options.apiVersion) return undefined;
  if (configErrors(lastApplied, options.type).length > 0) return undefined;
  const cmp = compare(lastApplied, live, options.type);
  return toFieldSet(lastApplied, options.type).difference(cmp.modified).difference(cmp.added).difference(cmp.removed);
}

/** The object with its last-applied annotation, if it has one, rewritten to the applied configuration. */
export function syncLastApplied(obj: KubeObject, config: Record<string, unknown>): KubeObject {
  const annotations = obj.metadata?.annotations;
  if (!annotations?.[lastAppliedAnnotation]) return obj;
  const value = `${goJson(withoutAnnotation(config))}\n`;
  const next: Record<string, string> = { ...annotations, [lastAppliedAnnotation]: value };
  if (annotationsSize(next) > annotationsSizeLimit) delete next[lastAppliedAnnotation];
  return { ...obj, metadata: { ...obj.metadata, annotations: next } };
}

function withoutAnnotation(config: Record<string, unknown>): Record<string, unknown> {
  const metadata = config["metadata"];
  if (!isPlainObject(metadata) || !isPlainObject(metadata["annotations"])) return config;
  const annotations = { ...metadata["annotations"] };
  delete annotations[lastAppliedAnnotation];
  return { ...config, metadata: { ...metadata, annotations } };
}

function annotationsSize(annotations: Record<string, string>): number {
  return Object.entries(annotations).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
}

/** JSON as Go's encoding/json writes a map: keys sorted, <, > and & escaped. */
export function goJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys(value[k])]),
  );
}
