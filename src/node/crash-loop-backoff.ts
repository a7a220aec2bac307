/** The kubelet's container restart back-off: 10 s doubling to 5 min (flowcontrol.Backoff). */
export const backoffDefaults = { initialMs: 10_000, maxMs: 300_000 } as const;

interface Entry {
  backoffMs: number;
  lastUpdate: number;
}

/**
 * client-go's flowcontrol.Backoff as the kubelet uses it for crash loops, on the caller's clock
 * values. A container is held back while less than its back-off has passed since it exited; each
 * restart doubles the back-off; an entry whose last restart is more than twice the maximum before
 * the exit (the container ran 10 minutes) starts over.
 */
export class CrashLoopBackoff {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly limits: { initialMs: number; maxMs: number } = backoffDefaults) {}

  /** Whether key is held back at now for an exit at exitedAt, and until when. */
  heldUntil(key: string, exitedAt: number, now: number): number | undefined {
    const e = this.entries.get(key);
    if (!e || this.expired(e, exitedAt)) return undefined;
    const until = exitedAt + e.backoffMs;
    return now < until ? until : undefined;
  }

  /** The back-off currently in force for key (what the CrashLoopBackOff message names). */
  current(key: string): number {
    return this.entries.get(key)?.backoffMs ?? this.limits.initialMs;
  }

  /** Records a restart at now of a container that exited at exitedAt. */
  next(key: string, exitedAt: number, now: number): void {
    const e = this.entries.get(key);
    if (!e || this.expired(e, exitedAt)) this.entries.set(key, { backoffMs: this.limits.initialMs, lastUpdate: now });
    else this.entries.set(key, { backoffMs: Math.min(e.backoffMs * 2, this.limits.maxMs), lastUpdate: now });
  }

  /** Forgets every key starting with prefix (a pod's containers, once the pod is gone). */
  forget(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  private expired(e: Entry, eventTime: number): boolean {
    return eventTime - e.lastUpdate > this.limits.maxMs * 2;
  }
}
