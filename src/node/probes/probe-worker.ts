import type { Probe } from "kubernetes-types/core/v1.js";
import type { Clock, Timer } from "../../util/clock.js";
import type { ProbeOutcome, ProbeResult } from "./probe-runner.js";

export type ProbeType = "startup" | "readiness" | "liveness";

/** How the kubelet names a probe type in its events ("Readiness probe failed: …"). */
export const probeTypeName: Record<ProbeType, string> = { startup: "Startup", readiness: "Readiness", liveness: "Liveness" };

export interface ProbeWorkerOptions {
  readonly type: ProbeType;
  readonly probe: Probe;
  readonly clock: Clock;
  /** When the container instance started (Clock ms): initialDelaySeconds counts from here. */
  readonly startedAt: number;
  /** Runs the probe once. */
  readonly run: () => Promise<ProbeOutcome>;
  /** Whether this probe may run now (liveness and readiness wait for the startup probe). */
  readonly mayRun: () => boolean;
  /** Every failed run, for the Unhealthy event. */
  readonly onFailure: (output: string) => void;
  /** The verdict changed (after success/failure thresholds). */
  readonly onResult: (result: ProbeResult) => void;
}

/**
 * One probe of one container start, as the kubelet's probe worker: runs at startedAt +
 * initialDelaySeconds, then every periodSeconds on the clock; the verdict flips only after
 * successThreshold successes or failureThreshold failures in a row. A failed liveness or startup
 * verdict stops it (the container is restarted with a new worker); a startup probe stops once it passes.
 */
export class ProbeWorker {
  private result: ProbeResult | undefined;
  private run: { result: ProbeResult; count: number } | undefined;
  private timer: Timer | undefined;
  private stopped = false;

  constructor(private readonly o: ProbeWorkerOptions) {
    // Readiness starts failed (not ready until it passes); the others start without a verdict.
    this.result = o.type === "readiness" ? "failure" : undefined;
    const delay = o.startedAt + (o.probe.initialDelaySeconds ?? 0) * 1000 - o.clock.now();
    this.timer = o.clock.setTimeout(() => void this.tick(), Math.max(0, delay));
  }

  /** The current verdict: undefined until the first one (liveness counts that as passing). */
  verdict(): ProbeResult | undefined {
    return this.result;
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    if (this.o.mayRun()) {
      const outcome = await this.o.run();
      if (this.stopped) return;
      if (outcome.result === "failure") this.o.onFailure(outcome.output);
      this.record(outcome.result);
    }
    if (this.stopped) return;
    this.timer = this.o.clock.setTimeout(() => void this.tick(), (this.o.probe.periodSeconds ?? 10) * 1000);
  }

  private record(result: ProbeResult): void {
    this.run = this.run?.result === result ? { result, count: this.run.count + 1 } : { result, count: 1 };
    const threshold = result === "success" ? (this.o.probe.successThreshold ?? 1) : (this.o.probe.failureThreshold ?? 3);
    if (this.run.count < threshold || this.result === result) return;
    this.result = result;
    const final = (this.o.type !== "readiness" && result === "failure") || (this.o.type === "startup" && result === "success");
    if (final) this.stop();
    this.o.onResult(result);
  }
}
