// A registry over an in-memory SQLite store, for tests of the layers above the registry
// (server/ may not import store/ itself).
import type { ResourceTable } from "../../api/resource-table.js";
import { openSqliteStore } from "../../store/sqlite/sqlite-store.js";
import type { Store } from "../../store/store.js";
import type { Clock } from "../../util/clock.js";
import { createRegistry } from "../generic-registry.js";
import type { Registry } from "../registry.js";

export interface MemoryRegistry {
  readonly registry: Registry;
  /** The store, to compact history or read revisions in tests. */
  readonly store: Pick<Store, "compact" | "currentRevision">;
  close(): Promise<void>;
}

export async function memoryRegistry(resources: ResourceTable, clock: Clock): Promise<MemoryRegistry> {
  const store = await openSqliteStore(":memory:", { clock });
  return { registry: createRegistry({ store, resources, clock }), store, close: () => store.close() };
}
