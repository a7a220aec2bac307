import type { Event } from "kubernetes-types/core/v1.js";
import { type Clock, rfc3339 } from "../../util/clock.js";
import { LruCache } from "../../util/lru-cache.js";

/**
 * client-go's EventCorrelator (tools/record/events_cache.go), on the injected clock:
 *  - an identical event (same source, object, type, reason, message) becomes a patch of the first
 *    one: count+1, lastTimestamp, message;
 *  - 10 events differing only by message within 10 minutes are combined into one event
 *    "(combined from similar events): <message>" counted from then on;
 *  - a source may send 25 events about one object, then one more every 5 minutes.
 */

const maxLruCacheEntries = 4096;
const aggregateMaxEvents = 10;
const aggregateIntervalMs = 600_000;
const spamBurst = 25;
const spamQps = 1 / 300;

/** The fields the patch of a repeated event changes. */
export interface EventPatch {
  count: number;
  lastTimestamp: string;
  message: string;
}

export type Correlation = { skip: true } | { skip: false; event: Event; patch: EventPatch | undefined };

interface EventLog {
  count: number;
  firstTimestamp: string | undefined;
  name: string;
  resourceVersion: string | undefined;
}

// The keys join their fields with nothing between, as client-go's strings.Join(…, ""). Template
// literals rather than an array's map and join: every event builds three of them.

export function eventKey(e: Event): string {
  const o = e.involvedObject;
  return `${e.source?.component ?? ""}${e.source?.host ?? ""}${o.kind ?? ""}${o.namespace ?? ""}${o.name ?? ""}${o.fieldPath ?? ""}${o.uid ?? ""}${o.apiVersion ?? ""}${e.type ?? ""}${e.reason ?? ""}${e.message ?? ""}`;
}

function spamKey(e: Event): string {
  const o = e.involvedObject;
  return `${e.source?.component ?? ""}${e.source?.host ?? ""}${o.kind ?? ""}${o.namespace ?? ""}${o.name ?? ""}${o.uid ?? ""}${o.apiVersion ?? ""}`;
}

function aggregateKey(e: Event): string {
  const o = e.involvedObject;
  return `${e.source?.component ?? ""}${e.source?.host ?? ""}${o.kind ?? ""}${o.namespace ?? ""}${o.name ?? ""}${o.uid ?? ""}${o.apiVersion ?? ""}${e.type ?? ""}${e.reason ?? ""}${e.reportingComponent ?? ""}${e.reportingInstance ?? ""}`;
}

/** Unique event names need nanoseconds; the clock has milliseconds, so a counter fills the rest. */
/**
 * One sequence for every namer in the process: two recorders (the scheduler's and a kubelet's, a
 * PV controller's and a provisioner's) writing about one object in the same millisecond must not
 * pick the same name, or the second event is lost as AlreadyExists.
 */
let sharedSeq = 0;

export class EventNamer {
  name(objectName: string, nowMs: number): string {
    sharedSeq = (sharedSeq + 1) % 1_000_000;
    return `${objectName}.${(BigInt(Math.floor(nowMs)) * 1_000_000n + BigInt(sharedSeq)).toString(16)}`;
  }
}

export class EventCorrelator {
  private readonly aggregates = new LruCache<{ localKeys: Set<string>; last: number }>(maxLruCacheEntries);
  private readonly logs = new LruCache<EventLog>(maxLruCacheEntries);
  private readonly spam = new LruCache<{ tokens: number; last: number }>(maxLruCacheEntries);

  constructor(
    private readonly clock: Clock,
    private readonly namer: EventNamer,
  ) {}

  correlate(event: Event): Correlation {
    const { event: aggregated, key } = this.aggregate(event);
    const { event: observed, patch } = this.observe(aggregated, key);
    if (this.isSpam(observed)) return { skip: true };
    return { skip: false, event: observed, patch };
  }

  /** Records the event as the server returned it (name, resourceVersion, count). */
  updateState(event: Event): void {
    this.logs.set(eventKey(event), {
      count: event.count ?? 1,
      firstTimestamp: event.firstTimestamp,
      name: event.metadata?.name ?? "",
      resourceVersion: event.metadata?.resourceVersion,
    });
  }

  private aggregate(event: Event): { event: Event; key: string } {
    const now = this.clock.now();
    const aKey = aggregateKey(event);
    let record = this.aggregates.get(aKey);
    if (!record || now - record.last > aggregateIntervalMs) record = { localKeys: new Set(), last: now };
    record.localKeys.add(event.message ?? "");
    record.last = now;
    this.aggregates.set(aKey, record);
    if (record.localKeys.size < aggregateMaxEvents) return { event, key: eventKey(event) };
    record.localKeys.delete(record.localKeys.values().next().value!);
    const t = rfc3339(now);
    const combined: Event = {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: this.namer.name(event.involvedObject.name ?? "", now), namespace: event.metadata?.namespace },
      count: 1,
      firstTimestamp: t,
      involvedObject: event.involvedObject,
      lastTimestamp: t,
      message: `(combined from similar events): ${event.message ?? ""}`,
      type: event.type,
      reason: event.reason,
      source: event.source,
    };
    return { event: combined, key: aKey };
  }

  private observe(event: Event, key: string): { event: Event; patch: EventPatch | undefined } {
    const last = this.logs.get(key);
    let observed = event;
    let patch: EventPatch | undefined;
    if (last && last.count > 0) {
      observed = {
        ...event,
        metadata: { ...event.metadata, name: last.name, resourceVersion: last.resourceVersion },
        firstTimestamp: last.firstTimestamp,
        count: last.count + 1,
      };
      patch = { count: last.count + 1, lastTimestamp: observed.lastTimestamp ?? "", message: observed.message ?? "" };
    }
    this.logs.set(key, {
      count: observed.count ?? 1,
      firstTimestamp: observed.firstTimestamp,
      name: observed.metadata?.name ?? "",
      resourceVersion: observed.metadata?.resourceVersion,
    });
    return { event: observed, patch };
  }

  private isSpam(event: Event): boolean {
    const key = spamKey(event);
    const now = this.clock.now();
    const bucket = this.spam.get(key) ?? { tokens: spamBurst, last: now };
    bucket.tokens = Math.min(spamBurst, bucket.tokens + ((now - bucket.last) / 1000) * spamQps);
    bucket.last = now;
    const accept = bucket.tokens >= 1;
    if (accept) bucket.tokens -= 1;
    this.spam.set(key, bucket);
    return !accept;
  }
}
