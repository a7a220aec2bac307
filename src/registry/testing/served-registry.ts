// A registry over every served resource and a fresh in-memory store, for tests above the
// registry (clients, controllers' integration tests) that may not import the store.
import { servedResources } from "../../api/served.js";
import { openSqliteStore } from "../../store/sqlite/sqlite-store.js";
import type { Store } from "../../store/store.js";
import { VirtualClock } from "../../util/virtual-clock.js";
import { ensureSystemNamespaces } from "../bootstrap.js";
import { createRegistry } from "../generic-registry.js";
import type { Registry } from "../registry.js";

export interface ServedRegistry {
  readonly registry: Registry;
  readonly clock: VirtualClock;
  /** Forgets all history up to now: watches and exact lists from before fail with 410. */
  compact(): Promise<void>;
  close(): Promise<void>;
  /** The store itself, for benchmarks comparing against raw writes. */
  readonly store: Store;
}

export async function openServedRegistry(startMs = Date.UTC(2026, 0, 2, 3, 4, 5)): Promise<ServedRegistry> {
  const clock = new VirtualClock(startMs);
  const store = await openSqliteStore(":memory:", { clock });
  const registry = createRegistry({ store, resources: servedResources(), clock });
  await ensureSystemNamespaces(registry);
  return {
    registry,
    clock,
    store,
    compact: async () => store.compact(await store.currentRevision()),
    close: () => store.close(),
  };
}
