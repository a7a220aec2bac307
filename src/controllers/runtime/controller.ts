import type { KubeObject, Stored } from "../../api/object.js";
import type { Informer } from "../../client/informer.js";
import type { RateLimiter } from "../../client/rate-limiter.js";
import { WorkQueue } from "../../client/work-queue.js";
import type { Clock } from "../../util/clock.js";

/** What a reconcile asks of the loop besides success: to look again after a while. */
export interface ReconcileResult {
  /** Reconcile the key again after this many ms on the clock (a deadline, a schedule, a back-off). */
  requeueAfterMs?: number;
}

export interface ControllerOptions {
  /** Names the controller in errors ("statefulset-controller"). */
  name: string;
  clock: Clock;
  /**
   * Brings the world in line for one key ("namespace/name"), reading from informer caches.
   * Throwing requeues the key with per-key back-off; returning clears the back-off. It must not
   * wait on the clock (return requeueAfterMs instead): on a virtual clock a key being reconciled
   * holds time still, so a reconcile sleeping on it would never wake.
   */
  reconcile(key: string): Promise<ReconcileResult | void>;
  /** Concurrent reconciles (of different keys); 1 by default. */
  workers?: number;
  /** Back-off for failed keys; upstream's default controller rate limiter by default. */
  rateLimiter?: RateLimiter<string>;
  /** Where reconcile errors are reported (they are retried regardless). */
  onError?: (key: string, err: unknown) => void;
}

/** Maps an object seen by an informer to the keys to reconcile (its own key, its owner's…). */
export type KeysOf<T extends KubeObject> = (obj: Stored<T>) => Iterable<string>;

/**
 * The loop every controller shares: informer events become keys in a work queue; N workers take
 * keys and reconcile them, never one key in two workers at once; a failed key is retried with
 * exponential back-off, and a result may ask for another look later on the clock.
 *
 * Keys queue up from the first informer event. On a virtual clock, advance() waits for queued keys
 * to be reconciled, so start() the controller once its informers are started.
 */
export class Controller {
  readonly queue: WorkQueue<string>;
  private readonly informers: Informer<KubeObject>[] = [];
  private readonly workers: Promise<void>[] = [];
  private started = false;

  constructor(private readonly options: ControllerOptions) {
    const queueOptions = options.rateLimiter ? { clock: options.clock, rateLimiter: options.rateLimiter } : { clock: options.clock };
    this.queue = new WorkQueue<string>(queueOptions);
  }

  /**
   * Enqueues keysOf(obj) on every add, update and delete the informer sees. On an update both
   * the old and the new object's keys are enqueued (an owner that lost a dependent hears of it);
   * an update that did not change resourceVersion (a relist of an unchanged object) is skipped.
   * start() waits for the informer to sync.
   */
  watch<T extends KubeObject>(informer: Informer<T>, keysOf: KeysOf<T>): () => void {
    this.track(informer);
    return informer.addEventHandler({
      onAdd: (obj) => this.enqueueAll(keysOf(obj)),
      onUpdate: (old, obj) => {
        if (old.metadata.resourceVersion === obj.metadata.resourceVersion) return;
        this.enqueueAll(new Set([...keysOf(old), ...keysOf(obj)]));
      },
      onDelete: (obj) => this.enqueueAll(keysOf(obj)),
    });
  }

  /** Makes start() wait for an informer the controller reads but whose events it handles itself. */
  track<T extends KubeObject>(informer: Informer<T>): void {
    const i = informer as unknown as Informer<KubeObject>;
    if (!this.informers.includes(i)) this.informers.push(i);
  }

  enqueue(key: string): void {
    this.queue.add(key);
  }

  enqueueAfter(key: string, ms: number): void {
    this.queue.addAfter(key, ms);
  }

  /**
   * Waits for every watched informer to sync (it does not start them: the factory does), then
   * starts the workers. Resolves false if an informer was stopped before syncing.
   */
  async start(): Promise<boolean> {
    if (this.started) return true;
    this.started = true;
    const synced = await Promise.all(this.informers.map((i) => i.waitForSync()));
    if (!synced.every(Boolean) || this.queue.isShuttingDown()) return false;
    for (let i = 0; i < (this.options.workers ?? 1); i++) this.workers.push(this.work());
    return true;
  }

  /** Stops taking keys and waits for reconciles in progress to finish. */
  async stop(): Promise<void> {
    this.queue.shutDown();
    await this.queue.drain();
    await Promise.all(this.workers);
  }

  private enqueueAll(keys: Iterable<string>): void {
    for (const key of keys) this.queue.add(key);
  }

  private async work(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      try {
        const result = await this.options.reconcile(key);
        this.queue.forget(key);
        if (result?.requeueAfterMs !== undefined) this.queue.addAfter(key, result.requeueAfterMs);
      } catch (err) {
        this.report(key, err);
        this.queue.addRateLimited(key);
      } finally {
        this.queue.done(key);
      }
    }
  }

  private report(key: string, err: unknown): void {
    if (this.options.onError) this.options.onError(key, err);
    else console.warn(`${this.options.name}: reconcile ${key}:`, err);
  }
}
