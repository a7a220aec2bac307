import type { Store } from "../store/store.js";
import type { Clock } from "../util/clock.js";

/**
 * The store `--store` names: "sqlite" (the file in the data directory) or "etcd://h1:p1,h2:p2"
 * (a cluster several servers share; the file is then unused). Another kind of store is
 * one more branch here; its module is loaded only when chosen.
 */
export async function openStore(store: string, o: { file: string; clock: Clock }): Promise<Store> {
  if (store === "sqlite") {
    const { openSqliteStore } = await import("../store/sqlite/sqlite-store.js");
    // An API server's writes come from many clients at once: commit those of one turn together.
    return openSqliteStore(o.file, { clock: o.clock, commits: "grouped" });
  }
  if (store.startsWith("etcd://")) {
    const { openEtcdStore } = await import("../store/etcd/etcd-store.js");
    return openEtcdStore({ hosts: store.slice("etcd://".length).split(","), clock: o.clock });
  }
  throw new Error(`--store ${store} is not available in this build`);
}
