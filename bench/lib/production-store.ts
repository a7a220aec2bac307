import { join } from "node:path";
import { openStore } from "../../src/cli/open-store.js";
import type { Store } from "../../src/store/store.js";
import type { Clock } from "../../src/util/clock.js";

/**
 * The store `tinykube up` opens by default, as it opens it (SQLite, the writes of one turn
 * committed together), in a file in dir: the whole-stack scenarios measure production settings.
 */
export function openProductionStore(dir: string, clock: Clock): Promise<Store> {
  return openStore("sqlite", { file: join(dir, "state.db"), clock });
}
