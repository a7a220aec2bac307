/** What a scenario is given to run with. */
export interface ScenarioContext {
  /** Total measuring time the scenario should aim for, from --duration-ms (default 10 s). */
  durationMs: number;
  /** Prints a progress line (one JSON object) and keeps it in the results file. */
  progress(fields: Record<string, unknown>): void;
}

/**
 * The figures a scenario ends with, printed as the last line. Rates and latencies are
 * medians (with p99 where it matters) over several samples. ratio is tinykube's figure
 * divided by the baseline measured in the same run, where the scenario has one.
 */
export type ScenarioFigures = Record<string, unknown> & { ratio?: number };

export interface Scenario {
  /** How it is asked for: `npm run bench -- NAME`. */
  name: string;
  description: string;
  run(context: ScenarioContext): Promise<ScenarioFigures>;
}
