import type { Scenario } from "../lib/scenario.js";
import { storeRaw } from "./store-raw.js";
import { storeWrite } from "./store-write.js";
import { watchLatency } from "./watch-latency.js";

/** Every scenario `npm run bench` knows. To add one: a file in this folder, one line here. */
export const scenarios: readonly Scenario[] = [storeRaw, storeWrite, watchLatency];
