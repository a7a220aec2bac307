import type { CronJob, Job } from "kubernetes-types/batch/v1.js";
import { refs } from "../../api/refs.js";
import type { Client } from "../../client/client.js";
import { ControllerExpectations } from "../../client/expectations.js";
import type { InformerFactory } from "../../client/informer-factory.js";
import type { Lister } from "../../client/lister.js";
import type { Clock } from "../../util/clock.js";
import { Controller, type ReconcileResult } from "../runtime/controller.js";
import { ClientEventRecorder, type EventRecorder } from "../runtime/event-recorder.js";
import { controllerOwnerKeys, splitKey } from "../runtime/owner-keys.js";
import { type RunningController, startOnInformers } from "../runtime/start-on-informers.js";
import { trackExpectations } from "../runtime/track-expectations.js";
import { applyPlan } from "./apply-plan.js";
import { cronJobHandler } from "./handlers.js";
import { byCronJobIndex, cronJobOf, observe } from "./observe.js";
import { plan } from "./plan.js";

export interface CronJobControllerOptions {
  client: Client;
  clock: Clock;
  /** Shared informers; without them the controller makes its own and starts them. */
  factory?: InformerFactory;
  /** Where events go; by default core/v1 Events from "cronjob-controller". */
  recorder?: EventRecorder;
  /** Zone of schedules that name none (upstream: the controller manager's local zone); this process's by default. */
  localTimeZone?: string;
  /** Concurrent syncs of different CronJobs (upstream's default: 5). */
  workers?: number;
  onError?: (key: string, err: unknown) => void;
}

/**
 * upstream's CronJob controller (v2): a CronJob is synced when it or one of its Jobs changes, and
 * again at its next schedule time on the clock; each sync observes, plans (plan.ts) and applies.
 */
export class CronJobController {
  private readonly controller: Controller;
  private readonly cronJobs: Lister<CronJob>;
  private readonly jobs: Lister<Job>;
  private readonly expectations: ControllerExpectations;
  private readonly recorder: EventRecorder;
  /** Resolved at first use: the first Intl.DateTimeFormat of a process loads ICU's zone data (~25 ms), which up's start need not pay. */
  private resolvedTimeZone: string | undefined;

  constructor(private readonly options: CronJobControllerOptions & { factory: InformerFactory }) {
    const { factory, clock } = options;
    this.resolvedTimeZone = options.localTimeZone;
    this.expectations = new ControllerExpectations(clock);
    this.recorder = options.recorder ?? new ClientEventRecorder(options.client, { clock, component: "cronjob-controller" });
    this.controller = new Controller({
      name: "cronjob-controller",
      clock,
      workers: options.workers ?? 5,
      reconcile: (key) => this.reconcile(key),
      ...(options.onError ? { onError: options.onError } : {}),
    });
    const cronJobs = factory.informerFor<CronJob>(refs.cronJobs);
    const jobs = factory.informerFor<Job>(refs.jobs, { indexers: { [byCronJobIndex]: cronJobOf } });
    this.cronJobs = cronJobs.lister;
    this.jobs = jobs.lister;
    this.controller.track(cronJobs);
    const zone = (): string => this.localTimeZone();
    cronJobs.addEventHandler(
      cronJobHandler({
        clock,
        recorder: this.recorder,
        get localTimeZone() {
          return zone();
        },
        enqueue: (k) => this.controller.enqueue(k),
        enqueueAfter: (k, ms) => this.controller.enqueueAfter(k, ms),
      }),
    );
    const owners = controllerOwnerKeys<CronJob>({ group: "batch", kind: "CronJob", lister: cronJobs.lister });
    trackExpectations(jobs, { expectations: this.expectations, ownerKeys: owners });
    this.controller.watch(jobs, owners);
  }

  /** Waits for the caches, then starts the workers; false if an informer stopped first. */
  start(): Promise<boolean> {
    return this.controller.start();
  }

  stop(): Promise<void> {
    return this.controller.stop();
  }

  private localTimeZone(): string {
    this.resolvedTimeZone ??= new Intl.DateTimeFormat().resolvedOptions().timeZone;
    return this.resolvedTimeZone;
  }

  private async reconcile(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const cached = this.cronJobs.get(namespace, name);
    if (!cached) {
      this.expectations.delete(key);
      return;
    }
    // Our own creates and deletes not yet in the job cache: acting now would act on a stale view.
    if (!this.expectations.satisfied(key)) return;
    const observed = await observe(cached, { client: this.options.client, jobs: this.jobs, localTimeZone: this.localTimeZone() });
    if (!observed) return;
    const p = plan(observed, this.options.clock.now());
    await applyPlan({ client: this.options.client, recorder: this.recorder, expectations: this.expectations, key }, observed.cronJob, p);
    return p.requeueAfterMs === undefined ? undefined : { requeueAfterMs: p.requeueAfterMs };
  }
}

/** Starts the CronJob controller (on the shared informers when given some). */
export function startCronJobController(options: CronJobControllerOptions): RunningController {
  return startOnInformers({ ...options, informers: options.factory }, (factory) => new CronJobController({ ...options, factory }));
}
