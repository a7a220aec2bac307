import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from "kubernetes-types/core/v1.js";
import type { StorageClass } from "kubernetes-types/storage/v1.js";
import { objectKey, type Stored } from "../../api/object.js";
import { refs } from "../../api/refs.js";
import type { Client } from "../../client/client.js";
import type { Informer } from "../../client/informer.js";
import type { InformerFactory } from "../../client/informer-factory.js";
import type { Clock } from "../../util/clock.js";
import { VirtualClock } from "../../util/virtual-clock.js";
import { Controller, type ReconcileResult } from "../runtime/controller.js";
import { ClientEventRecorder, type EventRecorder } from "../runtime/event-recorder.js";
import { splitKey } from "../runtime/owner-keys.js";
import { backoffDuration, maxUnschedulableMs, PodBackoff } from "./pod-backoff.js";
import { PodWrites } from "./pod-writes.js";
import { type ScheduleDecision, schedulePod } from "./schedule-pod.js";
import { SchedulerCache } from "./scheduler-cache.js";
import { needsScheduling, watchSchedulingEvents } from "./scheduler-events.js";
import { defaultSchedulerName } from "./scheduler-name.js";
import { VolumeBinder } from "./volume-binder.js";
import { needsVolumeBinding, type VolumeView } from "./volume-binding.js";

export interface SchedulerOptions {
  client: Client;
  factory: InformerFactory;
  clock: Clock;
  /** Pods naming this spec.schedulerName are ours ("default-scheduler"). */
  schedulerName?: string;
  /** Where events go; by default core/v1 Events from "default-scheduler". */
  recorder?: EventRecorder;
  onError?: (key: string, err: unknown) => void;
}

/**
 * kube-scheduler's default profile in one worker: a pod key comes off the queue, schedulePod
 * decides on the cached view, the pod is assumed onto the node and bound in the background
 * while the next pod is scheduled. Failed pods wait out their back-off, then the cluster events
 * that may help them (scheduler-events.ts) or the five-minute flush bring them back.
 */
export class Scheduler {
  readonly cache = new SchedulerCache();
  readonly backoff = new PodBackoff();
  private readonly controller: Controller;
  private readonly pods: Informer<Pod>;
  private readonly volumeView: VolumeView;
  private readonly volumeBinder: VolumeBinder;
  private readonly writes: PodWrites;
  private readonly binding = new Set<Promise<void>>();
  private readonly recorder: EventRecorder;
  readonly schedulerName: string;

  constructor(private readonly options: SchedulerOptions) {
    const { factory, clock } = options;
    this.schedulerName = options.schedulerName ?? defaultSchedulerName;
    this.recorder = options.recorder ?? new ClientEventRecorder(options.client, { clock, component: defaultSchedulerName });
    this.controller = new Controller({
      name: "scheduler",
      clock,
      reconcile: (key) => this.scheduleOne(key),
      ...(options.onError ? { onError: options.onError } : {}),
    });
    this.pods = factory.informerFor<Pod>(refs.pods);
    const nodes = factory.informerFor<Node>(refs.nodes);
    const claims = factory.informerFor<PersistentVolumeClaim>(refs.persistentVolumeClaims);
    const volumes = factory.informerFor<PersistentVolume>(refs.persistentVolumes);
    const classes = factory.informerFor<StorageClass>(refs.storageClasses);
    this.controller.track(this.pods);
    this.controller.track(nodes);
    this.controller.track(claims);
    this.controller.track(volumes);
    this.controller.track(classes);
    this.volumeView = {
      claim: (ns, name) => claims.lister.get(ns, name),
      volume: (name) => volumes.lister.get(undefined, name),
      storageClass: (name) => classes.lister.get(undefined, name),
      volumes: () => volumes.lister.list(),
    };
    this.volumeBinder = new VolumeBinder({ client: options.client, clock, claims: claims.lister, volumes: volumes.lister });
    this.writes = new PodWrites({ client: options.client, clock, recorder: this.recorder });
    watchSchedulingEvents(this, { pods: this.pods, nodes, claims, volumes, classes });
  }

  start(): Promise<boolean> {
    return this.controller.start();
  }

  async stop(): Promise<void> {
    await this.controller.stop();
    this.volumeBinder.cancelAll();
    await Promise.allSettled([...this.binding]);
  }

  /** Queues the pod for an attempt once its back-off has passed. */
  activate(key: string): void {
    this.controller.enqueueAfter(key, this.backoff.remaining(key, this.options.clock.now()));
  }

  /** A claim, volume or class changed: pods waiting on volume binding look again. */
  volumesChanged(): void {
    this.volumeBinder.recheck();
  }

  private async scheduleOne(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const pod = this.pods.lister.get(namespace, name);
    if (!pod || !needsScheduling(pod, this.schedulerName)) {
      if (!pod) this.backoff.forget(key);
      return;
    }
    if (this.cache.isAssumed(key)) return;
    const wait = this.backoff.remaining(key, this.options.clock.now());
    if (wait > 0) return { requeueAfterMs: wait };
    const attempts = this.backoff.attempted(key);
    const decision = schedulePod(pod, { nodes: this.cache.nodeInfos(), volumes: this.volumeView });
    return this.carryOut(pod, decision, attempts);
  }

  private carryOut(pod: Stored<Pod>, decision: ScheduleDecision, attempts: number): ReconcileResult | void {
    const key = objectKey(pod);
    const now = this.options.clock.now();
    switch (decision.kind) {
      case "bind":
        this.cache.assume(pod, decision.node);
        this.track(this.bindInBackground(pod, decision));
        return;
      case "unschedulable":
        this.backoff.failed(key, now, decision.rejectedBy);
        this.track(this.holdingClock(() => this.writes.failed(pod, { reason: "Unschedulable", message: decision.message })));
        return { requeueAfterMs: maxUnschedulableMs };
      case "error":
        this.backoff.failed(key, now, "error");
        this.track(this.holdingClock(() => this.writes.failed(pod, { reason: "SchedulerError", message: decision.message })));
        return { requeueAfterMs: backoffDuration(attempts) };
    }
  }

  /** The binding cycle: volumes first (PreBind), then pods/binding; a failure un-assumes and retries. */
  private async bindInBackground(pod: Stored<Pod>, decision: ScheduleDecision & { kind: "bind" }): Promise<void> {
    const key = objectKey(pod);
    let step = "volumes";
    try {
      const volumes = decision.volumes;
      if (needsVolumeBinding(volumes)) {
        await this.holdingClock(() => this.volumeBinder.preBind({ ...volumes, node: decision.node }));
        await this.volumeBinder.waitForBindings(pod, decision.node, volumes);
      }
      step = "bind";
      await this.holdingClock(() => this.writes.bind(pod, decision.node));
      this.backoff.forget(key);
    } catch (err) {
      this.cache.forget(key);
      const latest = this.pods.lister.get(pod.metadata.namespace, pod.metadata.name);
      if (!latest || latest.metadata.uid !== pod.metadata.uid || !needsScheduling(latest, this.schedulerName)) return;
      const detail = err instanceof Error ? err.message : String(err);
      const message = step === "bind" ? `running Bind plugin "DefaultBinder": ${detail}` : `running PreBind plugin "VolumeBinding": ${detail}`;
      this.backoff.failed(key, this.options.clock.now(), "error");
      await this.holdingClock(() => this.writes.failed(latest, { reason: "SchedulerError", message }));
      this.activate(key);
    }
  }

  /**
   * On a virtual clock, time waits for the scheduler's API calls, but not for a pod's volume wait,
   * which other controllers' work ends and the bind timeout (a timer) bounds.
   */
  private async holdingClock<R>(fn: () => Promise<R>): Promise<R> {
    const release = this.options.clock instanceof VirtualClock ? this.options.clock.busy() : undefined;
    try {
      return await fn();
    } finally {
      release?.();
    }
  }

  /** Keeps background work to wait for on stop; it holds the clock only where it says so. */
  private track(work: Promise<void>): void {
    const tracked = work.catch((err: unknown) => this.report(err));
    this.binding.add(tracked);
    void tracked.finally(() => this.binding.delete(tracked));
  }

  private report(err: unknown): void {
    if (this.options.onError) this.options.onError("scheduler", err);
    else console.warn("scheduler:", err);
  }
}

export interface RunningScheduler {
  readonly scheduler: Scheduler;
  stop(): Promise<void>;
}

/**
 * Starts the scheduler for `tinykube up`: builds it on the shared informers (the factory starts
 * them) and resolves at once; scheduling begins when the informers have synced.
 */
export function startScheduler(options: SchedulerOptions): RunningScheduler {
  const scheduler = new Scheduler(options);
  void scheduler.start();
  return { scheduler, stop: () => scheduler.stop() };
}
