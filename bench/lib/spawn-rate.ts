import { spawn } from "node:child_process";
import { sampleRates } from "./timer.js";

/** Runs /bin/true to its end, as a baseline process start costs on this machine. */
export function spawnTrue(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("/bin/true", [], { stdio: "ignore" });
    child.on("error", reject);
    child.on("close", () => resolve());
  });
}

export interface SpawnRateOptions {
  /** Total measuring time, split into windows. */
  durationMs: number;
  /** Samples to take (the median is reported by callers); default 3. */
  windows?: number;
  /** Processes started at once; default 4. */
  inFlight?: number;
}

/**
 * Processes per second Node can start and see exit (`spawn('/bin/true')`), measured on this
 * machine in this run: the ceiling for pods per second with real processes. One rate per window.
 */
export async function measureSpawnRate(options: SpawnRateOptions): Promise<number[]> {
  const windows = options.windows ?? 3;
  const inFlight = options.inFlight ?? 4;
  const batch = () => Promise.all(Array.from({ length: inFlight }, spawnTrue));
  const rates = await sampleRates(batch, { windows, windowMs: options.durationMs / windows });
  return rates.map((rate) => rate * inFlight);
}
