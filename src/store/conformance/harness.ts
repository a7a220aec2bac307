import type { Store, Watch, WatchEvent } from "../store.js";

/** Opens a store that holds nothing the test did not write. */
export type OpenFreshStore = () => Promise<Store>;

/** Runs body against a fresh store and closes it afterwards, pass or fail. */
export async function withStore(openFresh: OpenFreshStore, body: (store: Store) => Promise<void>): Promise<void> {
  const store = await openFresh();
  try {
    await body(store);
  } finally {
    await store.close();
  }
}

/** What one watch has received so far, with a way to await a condition on it. */
export interface Recording {
  readonly events: WatchEvent[];
  readonly errors: Error[];
  readonly watch: Watch;
  /** Resolves once condition holds (checked after every event or error). */
  until(condition: (r: Recording) => boolean): Promise<void>;
  /** Resolves once count events have arrived. */
  untilEvents(count: number): Promise<void>;
}

export function record(store: Store, prefix: string, afterRevision: number): Recording {
  const waiters: Array<() => void> = [];
  const wake = () => {
    for (const waiter of waiters.splice(0)) waiter();
  };
  const recording: Recording = {
    events: [],
    errors: [],
    watch: store.watch(prefix, { afterRevision }, {
      onEvent: (event) => {
        recording.events.push(event);
        wake();
      },
      onError: (error) => {
        recording.errors.push(error);
        wake();
      },
    }),
    until: async (condition) => {
      while (!condition(recording)) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    untilEvents: (count) => recording.until((r) => r.events.length >= count || r.errors.length > 0),
  };
  return recording;
}

/** Creates the keys in order, returning the revision of each write. */
export async function createAll(store: Store, entries: Record<string, string>): Promise<number[]> {
  const revisions: number[] = [];
  for (const [key, value] of Object.entries(entries)) revisions.push(await store.create(key, value));
  return revisions;
}

/** The list's items as [key, value] pairs, for compact assertions. */
export function pairs(items: ReadonlyArray<{ key: string; value: string }>): Array<[string, string]> {
  return items.map((item) => [item.key, item.value]);
}

/** Revisions carried by events, for ordering assertions. */
export function revisionsOf(events: readonly WatchEvent[]): number[] {
  return events.map((event) => event.revision);
}

/** The integers from first to last inclusive. */
export function range(first: number, last: number): number[] {
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
}
