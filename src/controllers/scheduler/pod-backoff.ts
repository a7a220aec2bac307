import type { PluginName } from "./node-status.js";

/** upstream's podInitialBackoffSeconds and podMaxBackoffSeconds. */
export const initialBackoffMs = 1000;
export const maxBackoffMs = 10_000;
/** podMaxInUnschedulablePodsDuration: an unschedulable pod is retried at least this often. */
export const maxUnschedulableMs = 5 * 60_000;

/** The back-off after a number of failed attempts: 1 s doubling to 10 s. */
export function backoffDuration(attempts: number): number {
  let d = initialBackoffMs;
  for (let i = 1; i < attempts; i++) {
    d *= 2;
    if (d >= maxBackoffMs) return maxBackoffMs;
  }
  return d;
}

/** Why a pod waits: the plugins that rejected it, or "error" (retried on any event). */
export type Rejection = ReadonlySet<PluginName> | "error";

interface Attempt {
  attempts: number;
  lastFailure: number;
  rejection: Rejection | undefined;
}

/**
 * The scheduling queue's memory of each pending pod: how many attempts failed and when, and what
 * rejected it, so that a cluster event retries only the pods it may help, after their back-off.
 */
export class PodBackoff {
  private readonly pods = new Map<string, Attempt>();
  /** Failed pods no cluster event has sent back to the queue since they failed (upstream's unschedulablePods). */
  private readonly unschedulable = new Set<string>();

  /** One more attempt was made (upstream counts attempts, not failures). */
  attempted(key: string): number {
    const a = this.pods.get(key) ?? { attempts: 0, lastFailure: 0, rejection: undefined };
    a.attempts++;
    this.pods.set(key, a);
    return a.attempts;
  }

  failed(key: string, now: number, rejection: Rejection): void {
    const a = this.pods.get(key) ?? { attempts: 1, lastFailure: now, rejection };
    a.lastFailure = now;
    a.rejection = rejection;
    this.pods.set(key, a);
    this.unschedulable.add(key);
  }

  /** How long the pod must still wait before its next attempt (0: it may go now). */
  remaining(key: string, now: number): number {
    const a = this.pods.get(key);
    if (!a || a.rejection === undefined) return 0;
    return Math.max(0, a.lastFailure + backoffDuration(a.attempts) - now);
  }

  forget(key: string): void {
    this.pods.delete(key);
    this.unschedulable.delete(key);
  }

  /**
   * Takes the failed pods an event may help: those one of these plugins rejected (any, for "all";
   * an error is retried on any event). Each is taken once, then waits for its attempt: upstream
   * moves a pod out of unschedulablePods on the first such event, and later events pass it by
   * until it fails again. Without that every pod that ended rescanned every waiting pod.
   */
  takeWaitingOn(plugins: readonly PluginName[] | "all"): string[] {
    const out: string[] = [];
    for (const key of this.unschedulable) {
      const rejection = this.pods.get(key)?.rejection;
      if (rejection === undefined) this.unschedulable.delete(key);
      else if (plugins === "all" || rejection === "error" || plugins.some((p) => rejection.has(p))) {
        this.unschedulable.delete(key);
        out.push(key);
      }
    }
    return out;
  }

  /** Whether the pod failed and waits for an event or its periodic retry. */
  isWaiting(key: string): boolean {
    return this.pods.get(key)?.rejection !== undefined;
  }
}
