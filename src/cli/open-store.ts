import type { Store } from "../store/store.js";
import type { Clock } from "../util/clock.js";

/**
 * The store `--store` names: "sqlite" (the file in the data directory). Another kind of store is
 * one more branch here; its module is loaded only when chosen.
 */
export async function openStore(store: string, o: { file: string; clock: Clock }): Promise<Store> {
  if (store === "sqlite") {
    const { openSqliteStore } = await import("../store/sqlite/sqlite-store.js");
    return openSqliteStore(o.file, { clock: o.clock });
  }
  throw new Error(`--store ${store} is not available in this build`);
}
