import { randomInt, randomUUID } from "node:crypto";
import type { KubeObject, ObjectMeta } from "../api/object.js";
import { rfc3339 } from "../util/clock.js";

/** ObjectMeta with the fields kubernetes-types marks read-only (the server's own) writable. */
export type MutableMeta = { -readonly [K in keyof ObjectMeta]: ObjectMeta[K] };

/** obj's metadata (created if absent), writable: the registry is where system fields are set. */
export function metaOf(obj: KubeObject): MutableMeta {
  return (obj.metadata ??= {}) as MutableMeta;
}

/** upstream's names.SimpleNameGenerator: no vowels, no look-alike digits, so no words. */
const alphabet = "bcdfghjklmnpqrstvwxz2456789";
const randomLength = 5;
const maxGeneratedNameLength = 63 - randomLength;

/** generateName + 5 random characters, the base cut so the result fits 63 characters. */
export function generateName(base: string): string {
  let suffix = "";
  for (let i = 0; i < randomLength; i++) suffix += alphabet[randomInt(alphabet.length)];
  return `${base.slice(0, maxGeneratedNameLength)}${suffix}`;
}

/**
 * What upstream's BeforeCreate sets whatever the client sent: no deletion state, no
 * resourceVersion, a fresh uid, creationTimestamp now.
 */
export function resetForCreate(obj: KubeObject): void {
  const meta = metaOf(obj);
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta.resourceVersion;
  delete meta.selfLink;
  omitEmptyCollections(meta);
}

const omitEmptyFields = ["labels", "annotations", "finalizers", "ownerReferences", "managedFields"] as const;

/**
 * Empty metadata maps and lists dropped, as upstream's omitempty encoding stores them: a patch that
 * removes the last label leaves no `labels: {}` behind.
 */
function omitEmptyCollections(meta: MutableMeta): void {
  for (const field of omitEmptyFields) {
    const value = meta[field];
    if (value !== undefined && (Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0)) delete meta[field];
  }
}

export function fillSystemFields(obj: KubeObject, now: number): void {
  const meta = metaOf(obj);
  meta.uid = randomUUID();
  meta.creationTimestamp = writeTime(now);
}

let lastSecond = Number.NaN;
let lastTime = "";

/** rfc3339(now), kept for the second it names: every write stamps a time or two, mostly the same. */
export function writeTime(now: number): string {
  const second = Math.floor(now / 1000);
  if (second !== lastSecond) {
    lastTime = rfc3339(now);
    lastSecond = second;
  }
  return lastTime;
}

/** Names the object from its generateName when it has no name; returns whether it did. */
export function applyGenerateName(obj: KubeObject): boolean {
  const meta = metaOf(obj);
  if (meta.name || !meta.generateName) return false;
  meta.name = generateName(meta.generateName);
  return true;
}

/** What upstream's BeforeUpdate keeps from the stored object whatever the client sent. */
export function keepSystemFields(obj: KubeObject, old: KubeObject): void {
  const meta = metaOf(obj);
  const oldMeta = old.metadata ?? {};
  if (oldMeta.generation === undefined) delete meta.generation;
  else meta.generation = oldMeta.generation;
  if (!meta.uid && oldMeta.uid) meta.uid = oldMeta.uid;
  if (oldMeta.creationTimestamp) meta.creationTimestamp = oldMeta.creationTimestamp;
  // an update can neither start, move nor cancel a deletion
  if (oldMeta.deletionTimestamp) meta.deletionTimestamp = oldMeta.deletionTimestamp;
  else delete meta.deletionTimestamp;
  if (oldMeta.deletionGracePeriodSeconds !== undefined && meta.deletionGracePeriodSeconds === undefined) {
    meta.deletionGracePeriodSeconds = oldMeta.deletionGracePeriodSeconds;
  }
  delete meta.selfLink;
  omitEmptyCollections(meta);
}
