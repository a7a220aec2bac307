import type { Event, ObjectReference } from "kubernetes-types/core/v1.js";
import type { KubeObject, Stored } from "../../api/object.js";
import { refs } from "../../api/refs.js";
import { isAlreadyExists, isNotFound, StatusError } from "../../api/status.js";
import type { Client } from "../client.js";
import { type Clock, rfc3339 } from "../../util/clock.js";
import { BucketRateLimiter } from "../rate-limiter.js";
import { VirtualClock } from "../../util/virtual-clock.js";
import { EventCorrelator, EventNamer, type EventPatch } from "./event-correlator.js";

export type EventType = "Normal" | "Warning";

/** Records core/v1 Events about objects, as client-go's record.EventRecorder. Never throws, never waits. */
export interface EventRecorder {
  event(obj: KubeObject, type: EventType, reason: string, message: string): void;
}

export interface EventRecorderOptions {
  clock: Clock;
  /** source.component and reportingComponent: "statefulset-controller", "kubelet"… */
  component: string;
  /** source.host and reportingInstance (the node name for a kubelet). */
  host?: string;
  /** Writes per second, at most, after a burst: the kubelet's eventRecordQPS and eventBurst. Unlimited without. */
  rateLimit?: { qps: number; burst: number };
  onError?: (err: unknown) => void;
}

/** Upstream gives up on an event after 12 tries, 10 s apart. */
const maxTries = 12;
const retrySleepMs = 10_000;

/**
 * Events waiting to be written, at most: upstream's broadcaster queues 1000 (maxQueuedEvents) on
 * its way in and 1000 more for its sink, and drops what comes while both are full.
 */
export const maxWaitingEvents = 2 * 1000;

/** The reference an Event keeps to its object (upstream's reference.GetReference). */
export function objectReference(obj: KubeObject): ObjectReference {
  const ref: ObjectReference = { kind: obj.kind, name: obj.metadata?.name };
  if (obj.metadata?.namespace) ref.namespace = obj.metadata.namespace;
  ref.uid = obj.metadata?.uid;
  ref.apiVersion = obj.apiVersion;
  ref.resourceVersion = obj.metadata?.resourceVersion;
  return ref;
}

/**
 * Writes Events through a Client the way upstream's recorder and broadcaster do: one at a time in
 * the background, correlated (repeats counted, floods combined, spam dropped), dropped while too
 * many wait (maxWaitingEvents), a repeat patching the first event and falling back to a create if
 * it is gone. Events about cluster-scoped objects go to the "default" namespace.
 */
export class ClientEventRecorder implements EventRecorder {
  private readonly namer = new EventNamer();
  private readonly correlator: EventCorrelator;
  private tail: Promise<void> = Promise.resolve();
  /** Events recorded and not yet written or given up on. */
  private pending = 0;
  /** Events dropped since the queue was last empty. */
  private dropped = 0;
  private shuttingDown = false;
  /** Ends the current sleep early. */
  private wake: (() => void) | undefined;
  /** The event being written waits for its rate limit or out a retry delay. */
  private sleeping = false;
  private releaseBusy: (() => void) | undefined;
  private readonly limiter: BucketRateLimiter<undefined> | undefined;

  constructor(
    private readonly client: Client,
    private readonly options: EventRecorderOptions,
  ) {
    this.correlator = new EventCorrelator(options.clock, this.namer);
    if (options.rateLimit) this.limiter = new BucketRateLimiter({ ...options.rateLimit, clock: options.clock });
  }

  event(obj: KubeObject, type: EventType, reason: string, message: string): void {
    this.eventOnReference(objectReference(obj), { type, reason, message });
  }

  /**
   * Records an event about a reference built by the caller: the kubelet's events about a container
   * carry its fieldPath (`spec.containers{name}`), which objectReference() cannot know.
   */
  eventOnReference(ref: ObjectReference, what: { type: EventType; reason: string; message: string }): void {
    // the one being written is not waiting
    if (this.pending > maxWaitingEvents) {
      if (this.dropped++ === 0) this.report(new Error(`unable to record event: too many queued events, dropping events (${what.reason} on ${ref.kind} ${ref.name})`));
      return;
    }
    const event = this.makeEvent(ref, what);
    this.pending++;
    this.updateBusy();
    this.tail = this.tail
      .then(() => this.recordToSink(event))
      .catch((err: unknown) => this.report(err))
      .finally(() => {
        this.pending--;
        if (this.pending === 0 && this.dropped > 0) {
          this.report(new Error(`unable to record event: ${this.dropped} dropped while too many were queued`));
          this.dropped = 0;
        }
        this.updateBusy();
      });
  }

  /** Resolves once every event recorded so far has been written (or given up on). */
  flush(): Promise<void> {
    return this.tail;
  }

  private makeEvent(ref: ObjectReference, what: { type: EventType; reason: string; message: string }): Event {
    const now = this.options.clock.now();
    const t = rfc3339(now);
    const source: { component: string; host?: string } = { component: this.options.component };
    if (this.options.host) source.host = this.options.host;
    return {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: this.namer.name(ref.name ?? "", now), namespace: ref.namespace || "default" },
      involvedObject: ref,
      reason: what.reason,
      message: what.message,
      source,
      firstTimestamp: t,
      lastTimestamp: t,
      count: 1,
      type: what.type,
      reportingComponent: this.options.component,
      reportingInstance: this.options.host ?? "",
    };
  }

  /**
   * Stops waiting, as upstream's broadcaster Shutdown: what is queued is written at once, each
   * event tried once. Resolves when that is done.
   */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    this.wake?.();
    await this.tail;
  }

  private async recordToSink(event: Event): Promise<void> {
    const result = this.correlator.correlate(event);
    if (result.skip) return;
    for (let tries = 1; ; tries++) {
      // upstream's client waits for its rate limiter's token before each request
      const wait = this.shuttingDown ? 0 : (this.limiter?.when(undefined) ?? 0);
      if (wait > 0) await this.sleep(wait);
      if (await this.write(result.event, result.patch)) return;
      if (tries >= maxTries || this.shuttingDown) {
        this.report(new Error(`unable to write event ${result.event.metadata?.name} (${this.shuttingDown ? "shutting down" : "retry limit exceeded"})`));
        return;
      }
      await this.sleep(retrySleepMs);
    }
  }

  /** A wait on the clock that shutdown() ends early. */
  private async sleep(ms: number): Promise<void> {
    this.sleeping = true;
    this.updateBusy();
    await new Promise<void>((resolve) => {
      const timer = this.options.clock.setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        timer.cancel();
        this.wake = undefined;
        resolve();
      };
    });
    this.sleeping = false;
    this.updateBusy();
  }

  /**
   * On a virtual clock, time stands still while events wait to be written, except while a write
   * waits for its rate limit or a retry waits out its delay (a timer the clock must be free to reach).
   */
  private updateBusy(): void {
    const busy = this.pending > 0 && !this.sleeping;
    if (busy && !this.releaseBusy && this.options.clock instanceof VirtualClock) {
      this.releaseBusy = this.options.clock.busy();
    } else if (!busy && this.releaseBusy) {
      this.releaseBusy();
      this.releaseBusy = undefined;
    }
  }

  /** True when done with the event (written, or refused by the server for good). */
  private async write(event: Event, patch: EventPatch | undefined): Promise<boolean> {
    const namespace = event.metadata?.namespace;
    try {
      let written: Stored<Event> | undefined;
      if (patch) {
        written = await this.client.patch<Event>(refs.events, namespace, event.metadata?.name ?? "", "merge", patch).catch((err: unknown) => {
          if (isNotFound(err)) return undefined;
          throw err;
        });
      }
      written ??= await this.client.create<Event>(refs.events, withoutResourceVersion(event));
      this.correlator.updateState(written);
      return true;
    } catch (err) {
      if (err instanceof StatusError) {
        if (!isAlreadyExists(err) && !namespaceTerminating(err)) this.report(err);
        return true;
      }
      this.report(err);
      return false;
    }
  }

  private report(err: unknown): void {
    if (this.options.onError) this.options.onError(err);
    else console.warn(`event recorder (${this.options.component}): ${err instanceof Error ? err.message : String(err)}`);
  }
}

function withoutResourceVersion(event: Event): Event {
  const { resourceVersion: _dropped, ...metadata } = event.metadata ?? {};
  return { ...event, metadata };
}

/** Events into a namespace being deleted are refused; upstream drops them quietly. */
function namespaceTerminating(err: StatusError): boolean {
  return err.status.details?.causes?.some((c) => c.reason === "NamespaceTerminating") ?? false;
}
