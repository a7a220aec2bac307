import type { Clock, Timer } from "../util/clock.js";

export interface PeriodicCompactorOptions {
  clock: Clock;
  /** How often to compact; kube-apiserver compacts etcd every 5 minutes. */
  intervalMs: number;
  /** Revisions always kept behind the current one, however old. */
  keepRevisions: number;
  currentRevision: () => number;
  compactedRevision: () => number;
  compact: (revision: number) => Promise<void>;
  /** Told when a compaction fails; the next tick tries again. */
  onError?: (error: unknown) => void;
}

/**
 * Compacts on the clock the way kube-apiserver's compactor does: at each tick, forget
 * history up to the revision seen at the previous tick, so every revision stays
 * readable for at least one interval; and never closer than keepRevisions to the head.
 */
export class PeriodicCompactor {
  private timer: Timer | undefined;
  private lastTickRevision: number;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: PeriodicCompactorOptions) {
    this.lastTickRevision = options.currentRevision();
    this.schedule();
  }

  /** Stops ticking and waits for a compaction in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.options.clock.setTimeout(() => this.tick(), this.options.intervalMs);
  }

  private tick(): void {
    const { currentRevision, compactedRevision, keepRevisions } = this.options;
    const current = currentRevision();
    const target = Math.min(this.lastTickRevision, current - keepRevisions);
    this.lastTickRevision = current;
    if (target <= compactedRevision()) {
      this.schedule();
      return;
    }
    this.running = this.options
      .compact(target)
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => this.schedule());
  }
}
