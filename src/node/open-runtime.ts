import { join } from "node:path";
import type { Clock } from "../util/clock.js";
import type { Runtime, RuntimeName } from "./runtime/runtime.js";

/** The runtime `--runtime` names, its state under the agent's data directory; loaded only when chosen. */
export async function openRuntime(kind: RuntimeName, o: { clock: Clock; dataDir: string }): Promise<Runtime> {
  if (kind === "simulated") {
    const { SimulatedRuntime } = await import("./runtime/simulated/simulated-runtime.js");
    return new SimulatedRuntime({ clock: o.clock });
  }
  const { ProcessRuntime } = await import("./runtime/process/process-runtime.js");
  return new ProcessRuntime({ clock: o.clock, stateDir: join(o.dataDir, "runtime") });
}
