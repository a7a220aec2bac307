import type { KubeObject } from "../api/object.js";
import type { ResourceRef } from "../api/options.js";
import type { Clock } from "../util/clock.js";
import type { Client } from "./client.js";
import type { IndexFunc } from "./indexer.js";
import { Informer } from "./informer.js";

export interface InformerFactoryOptions {
  clock: Clock;
  /** Watch one namespace only (absent: all namespaces). */
  namespace?: string;
  onError?: (err: unknown) => void;
}

/**
 * client-go's SharedInformerFactory: one informer, so one list and one watch, per resource, shared
 * by every controller that asks for it. Informers asked for after start() start at once.
 */
export class InformerFactory {
  private readonly informers = new Map<string, Informer>();
  private started = false;
  private stopped = false;

  constructor(
    private readonly client: Client,
    private readonly options: InformerFactoryOptions,
  ) {}

  /**
   * The shared informer of ref. The type argument is the caller's claim about the resource's
   * objects, as with Client.get. Custom indexers are added to the shared informer.
   */
  informerFor<T extends KubeObject = KubeObject>(ref: ResourceRef, options: { indexers?: Readonly<Record<string, IndexFunc>> } = {}): Informer<T> {
    const key = `${ref.group}/${ref.version}/${ref.resource}`;
    let informer = this.informers.get(key);
    if (!informer) {
      informer = new Informer(this.client, ref, this.informerOptions());
      this.informers.set(key, informer);
      if (this.started && !this.stopped) informer.run();
    }
    if (options.indexers) informer.addIndexers(options.indexers);
    // One informer per resource holds objects of that resource's kind: the caller names it.
    return informer as unknown as Informer<T>;
  }

  /** Starts every informer asked for so far; later ones start when asked for. */
  start(): void {
    if (this.stopped) return;
    this.started = true;
    for (const informer of this.informers.values()) informer.run();
  }

  /** Resolves true once every informer asked for so far has synced (false if one was stopped first). */
  async waitForSync(): Promise<boolean> {
    const results = await Promise.all([...this.informers.values()].map((i) => i.waitForSync()));
    return results.every(Boolean);
  }

  stop(): void {
    this.stopped = true;
    for (const informer of this.informers.values()) informer.stop();
  }

  private informerOptions(): { clock: Clock; namespace?: string; onError?: (err: unknown) => void } {
    const o: { clock: Clock; namespace?: string; onError?: (err: unknown) => void } = { clock: this.options.clock };
    if (this.options.namespace !== undefined) o.namespace = this.options.namespace;
    if (this.options.onError) o.onError = this.options.onError;
    return o;
  }
}
