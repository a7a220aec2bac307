import { apiErrors } from "../api/status.js";
import type { KeyValue, Store } from "../store/store.js";
import { KeyExistsError, KeyNotFoundError, RevisionMismatchError } from "../store/store.js";

/** What one attempt of a read-modify-write decides, given the key's current value. */
export type UpdateStep<R> =
  | { readonly write: "put"; readonly value: string; readonly result: (revision: number) => R }
  | { readonly write: "delete"; readonly result: (revision: number) => R }
  | { readonly write: "none"; readonly result: R };

/** Attempts before a write that keeps losing races gives up (upstream retries until its timeout). */
const maxAttempts = 32;

/**
 * upstream's GuaranteedUpdate: read the key, let tryUpdate decide, write with compare-and-swap
 * on the revision read, and start over when another write got in between. tryUpdate throws
 * to abort (a 409 for a stale resourceVersion in the body, a 404...).
 */
export async function guaranteedUpdate<R>(
  store: Store,
  key: string,
  tryUpdate: (current: KeyValue | undefined) => UpdateStep<R> | Promise<UpdateStep<R>>,
): Promise<R> {
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const current = await store.get(key);
    const step = await tryUpdate(current);
    try {
      return await perform(store, key, current, step);
    } catch (err) {
      if (!isRace(err)) throw err;
    }
  }
  throw apiErrors.timeout(`too many concurrent writes to ${key}, please try again`, 1);
}

async function perform<R>(store: Store, key: string, current: KeyValue | undefined, step: UpdateStep<R>): Promise<R> {
  if (step.write === "none") return step.result;
  if (step.write === "delete") {
    if (!current) throw apiErrors.internal(new Error(`delete of absent key ${key}`));
    const { revision } = await store.delete(key, current.modRevision);
    return step.result(revision);
  }
  const revision = current ? await store.update(key, step.value, current.modRevision) : await store.create(key, step.value);
  return step.result(revision);
}

/** Errors meaning the key changed between the read and the write. */
function isRace(err: unknown): boolean {
  return err instanceof RevisionMismatchError || err instanceof KeyExistsError || err instanceof KeyNotFoundError;
}
