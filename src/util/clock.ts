/** A cancellable timer handle returned by Clock.setTimeout. */
export interface Timer {
  cancel(): void;
}

/**
 * The only source of time for logic. Real in production, virtual in tests and in
 * `tinykube up --clock virtual`, where time moves only when told to.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs fn once after ms milliseconds of this clock's time. */
  setTimeout(fn: () => void, ms: number): Timer;
  /** Resolves after ms milliseconds of this clock's time. */
  sleep(ms: number): Promise<void>;
}

export class RealClock implements Clock {
  now(): number {
    return Date.now();
  }

  setTimeout(fn: () => void, ms: number): Timer {
    const handle = setTimeout(fn, Math.max(0, ms));
    handle.unref?.();
    return { cancel: () => clearTimeout(handle) };
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, ms));
  }
}

/** The last second rfc3339 formatted: writes in a burst stamp the same second many times. */
let lastSecond = Number.NaN;
let lastText = "";

/** RFC 3339 with second precision, as Kubernetes writes metav1.Time. */
export function rfc3339(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastText = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
    lastSecond = second;
  }
  return lastText;
}

/** RFC 3339 with microseconds, as Kubernetes writes metav1.MicroTime. */
export function rfc3339Micro(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}
