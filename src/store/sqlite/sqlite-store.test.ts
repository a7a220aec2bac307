import { VirtualClock } from "../../util/virtual-clock.js";
import { runStoreConformance } from "../store-conformance.js";
import { openSqliteStore } from "./sqlite-store.js";

runStoreConformance("sqlite in memory", () => openSqliteStore(":memory:", { clock: new VirtualClock(0) }));
