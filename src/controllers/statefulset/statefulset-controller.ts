import type { ControllerRevision, StatefulSet } from "kubernetes-types/apps/v1.js";
import type { PersistentVolumeClaim, Pod } from "kubernetes-types/core/v1.js";
import { refs } from "../../api/refs.js";
import type { Client } from "../../client/client.js";
import { UIDTrackingExpectations } from "../../client/expectations.js";
import type { InformerFactory } from "../../client/informer-factory.js";
import type { Clock } from "../../util/clock.js";
import { labelSelectorFromSpec } from "../../util/labels.js";
import { Controller, type ReconcileResult } from "../runtime/controller.js";
import { ClientEventRecorder, type EventRecorder } from "../runtime/event-recorder.js";
import { ownKey, splitKey } from "../runtime/owner-keys.js";
import { type RunningController, startOnInformers } from "../runtime/start-on-informers.js";
import { applyOwnership } from "./adoption.js";
import { applyPlan } from "./apply-plan.js";
import { claimHandler, podHandler, revisionHandler } from "./handlers.js";
import { type Listers, observe } from "./observe.js";
import { hasChanges } from "./ownership.js";
import { plan } from "./plan.js";

export interface StatefulSetControllerOptions {
  client: Client;
  clock: Clock;
  /** Shared informers; without them the controller makes its own and starts them. */
  informers?: InformerFactory;
  /** Where events go; by default core/v1 Events from "statefulset-controller". */
  recorder?: EventRecorder;
  /** Concurrent reconciles of different sets (upstream's default: 5). */
  workers?: number;
  onError?: (key: string, err: unknown) => void;
}

/**
 * upstream's StatefulSetController: observes sets, their pods, claims and revisions through
 * informers; for each set, settles ownership, plans (plan.ts) and carries the plan out.
 */
export class StatefulSetController {
  private readonly controller: Controller;
  private readonly listers: Listers;
  private readonly expectations: UIDTrackingExpectations;
  private readonly recorder: EventRecorder;

  constructor(private readonly options: StatefulSetControllerOptions & { informers: InformerFactory }) {
    const { informers, clock } = options;
    this.expectations = new UIDTrackingExpectations(clock);
    this.recorder = options.recorder ?? new ClientEventRecorder(options.client, { clock, component: "statefulset-controller" });
    this.controller = new Controller({
      name: "statefulset-controller",
      clock,
      workers: options.workers ?? 5,
      reconcile: (key) => this.reconcile(key),
      ...(options.onError ? { onError: options.onError } : {}),
    });
    const sets = informers.informerFor<StatefulSet>(refs.statefulSets);
    const pods = informers.informerFor<Pod>(refs.pods);
    const claims = informers.informerFor<PersistentVolumeClaim>(refs.persistentVolumeClaims);
    const revisions = informers.informerFor<ControllerRevision>(refs.controllerRevisions);
    this.listers = { sets: sets.lister, pods: pods.lister, claims: claims.lister, revisions: revisions.lister };
    this.controller.watch(sets, ownKey);
    this.controller.track(pods);
    this.controller.track(claims);
    this.controller.track(revisions);
    const deps = { sets: sets.lister, expectations: this.expectations, enqueue: (k: string) => this.controller.enqueue(k) };
    pods.addEventHandler(podHandler(deps));
    claims.addEventHandler(claimHandler(deps));
    revisions.addEventHandler(revisionHandler(deps));
  }

  /** Waits for the caches, then starts the workers; false if an informer stopped first. */
  start(): Promise<boolean> {
    return this.controller.start();
  }

  stop(): Promise<void> {
    return this.controller.stop();
  }

  private async reconcile(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const set = this.listers.sets.get(namespace, name);
    if (!set) {
      this.expectations.delete(key);
      return;
    }
    // Creations and deletions not yet seen in the caches: acting now would act on a stale view.
    if (!this.expectations.satisfied(key)) return;
    const selector = labelSelectorFromSpec(set.spec?.selector);
    const { observed, ownership } = observe(set, selector, this.listers);
    if (hasChanges(ownership)) {
      // The adopted and released objects come back through the informers and wake the set again.
      await applyOwnership(this.options.client, { set, ownership });
      return;
    }
    const p = plan(observed, this.options.clock.now());
    await applyPlan(set, p, { client: this.options.client, recorder: this.recorder, expectations: this.expectations, key });
    return p.requeueAfterMs !== undefined ? { requeueAfterMs: p.requeueAfterMs } : undefined;
  }
}

/** Starts the StatefulSet controller (on the shared informers when given some). */
export function startStatefulSetController(options: StatefulSetControllerOptions): RunningController {
  return startOnInformers({ ...options, informers: options.informers }, (informers) => new StatefulSetController({ ...options, informers }));
}
