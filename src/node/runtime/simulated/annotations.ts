// Pod annotations that steer the simulated runtime, for tests and demos that need a container to
// run a given time or end a given way whatever its command says. Each may be set for the whole
// pod or for one container by suffixing `.<container name>` (the more specific one wins):
//   tinykube.io/simulate-duration: "30s"   the container runs this long (a Go duration), then
//                                          exits; its command is not played out
//   tinykube.io/simulate-exit-code: "1"    the exit code (0–255) when it ends on its own; with
//                                          no duration, the command's own code is replaced
//   tinykube.io/simulate-start-error: "…"  the container fails to start (reason StartError,
//                                          exit code 128) with this message
// A value that does not parse makes the container fail to start with a message naming it.

export const SIMULATE_DURATION = "tinykube.io/simulate-duration";
export const SIMULATE_EXIT_CODE = "tinykube.io/simulate-exit-code";
export const SIMULATE_START_ERROR = "tinykube.io/simulate-start-error";

export interface Simulation {
  durationMs?: number;
  exitCode?: number;
  startError?: string;
}

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration (non-negative), in milliseconds; undefined when it does not parse. */
export function parseGoDuration(text: string): number | undefined {
  if (text === "0") return 0;
  const pattern = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let total = 0;
  let at = 0;
  while (at < text.length) {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match) return undefined;
    total += Number(match[1]) * UNITS[match[2]!]!;
    at = pattern.lastIndex;
  }
  return text.length > 0 ? total : undefined;
}

/** What the annotations say about one container, or why they cannot be used. */
export function simulationFor(
  annotations: Readonly<Record<string, string>> | undefined,
  container: string,
): Simulation | { invalid: string } {
  const value = (key: string) => annotations?.[`${key}.${container}`] ?? annotations?.[key];
  const keyOf = (key: string) => (annotations?.[`${key}.${container}`] !== undefined ? `${key}.${container}` : key);
  const simulation: Simulation = {};
  const duration = value(SIMULATE_DURATION);
  if (duration !== undefined) {
    simulation.durationMs = parseGoDuration(duration);
    if (simulation.durationMs === undefined) return { invalid: `annotation ${keyOf(SIMULATE_DURATION)}: invalid duration "${duration}"` };
  }
  const exitCode = value(SIMULATE_EXIT_CODE);
  if (exitCode !== undefined) {
    simulation.exitCode = /^\d{1,3}$/.test(exitCode) ? Number(exitCode) : undefined;
    if (simulation.exitCode === undefined || simulation.exitCode > 255) {
      return { invalid: `annotation ${keyOf(SIMULATE_EXIT_CODE)}: invalid exit code "${exitCode}" (want 0-255)` };
    }
  }
  const startError = value(SIMULATE_START_ERROR);
  if (startError !== undefined) simulation.startError = startError;
  return simulation;
}
