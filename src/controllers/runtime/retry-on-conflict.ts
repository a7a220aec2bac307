import { clone, type KubeObject, type Stored } from "../../api/object.js";
import { isConflict, isNotFound } from "../../api/status.js";
import type { UpdateOptions } from "../../client/client.js";
import type { ObjectTarget } from "./resource-target.js";

/** upstream's retry.DefaultRetry allows 5 attempts. */
const defaultAttempts = 5;

/**
 * Runs fn until it does not fail with a 409 Conflict, at most `attempts` times (client-go's
 * retry.RetryOnConflict). Retries at once: fn re-reads what it needs, and sleeping on a virtual
 * clock would stall until someone advances it.
 */
export async function retryOnConflict<R>(fn: () => Promise<R>, options: { attempts?: number } = {}): Promise<R> {
  const attempts = options.attempts ?? defaultAttempts;
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (!isConflict(err) || i >= attempts) throw err;
    }
  }
}

export interface UpdateWithRetryOptions {
  subresource?: UpdateOptions["subresource"];
  /**
   * Try the target's object as given first (it came from a cache) and read the object again only
   * on a conflict. Without it the latest object is read first.
   */
  fromCache?: boolean;
  attempts?: number;
}

/**
 * Read-modify-write with compare-and-swap: mutate gets a private copy of the latest object and
 * returns the object to write, or undefined when nothing needs to change. On a 409 the object is
 * read again and mutate re-applied. Returns the object written (or the latest one when nothing
 * changed), undefined if the object is gone or was replaced by another of the same name.
 */
export async function updateWithRetry<T extends KubeObject>(
  at: ObjectTarget<T>,
  mutate: (latest: Stored<T>) => Stored<T> | undefined,
  options: UpdateWithRetryOptions = {},
): Promise<Stored<T> | undefined> {
  const { client, ref, object } = at;
  const { namespace, name, uid } = object.metadata;
  let latest: Stored<T> | undefined = options.fromCache ? object : undefined;
  const write = async (): Promise<Stored<T> | undefined> => {
    latest ??= await client.get<T>(ref, namespace, name);
    const current = latest;
    latest = undefined;
    if (current.metadata.uid !== uid) return undefined;
    const next = mutate(clone(current));
    if (!next) return current;
    return client.update<T>(ref, next, options.subresource ? { subresource: options.subresource } : {});
  };
  try {
    return await retryOnConflict(write, options.attempts === undefined ? {} : { attempts: options.attempts });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Writes a new status through the status subresource, re-applying it to the latest object on a 409. */
export function updateStatusWithRetry<T extends KubeObject & { status?: unknown }>(at: ObjectTarget<T>, status: T["status"]): Promise<Stored<T> | undefined> {
  const apply = (latest: Stored<T>): Stored<T> => {
    latest.status = clone(status);
    return latest;
  };
  return updateWithRetry<T>(at, apply, { subresource: "status", fromCache: true });
}
