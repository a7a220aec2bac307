import type { Pod } from "kubernetes-types/core/v1.js";
import type { Stored } from "../api/object.js";
import { refs } from "../api/refs.js";
import { Informer } from "../client/informer.js";
import { WorkQueue } from "../client/work-queue.js";
import type { AgentContext } from "./agent-context.js";
import { PodWorker } from "./pod-worker.js";

export interface PodManagerOptions {
  /** How many pods may sync at once (each sync is mostly waiting on the runtime or the API). */
  readonly concurrency?: number;
}

/**
 * Takes the pods bound to this node (an informer with fieldSelector spec.nodeName) and gives each
 * its PodWorker, synced through a work queue on the clock: one sync at a time per pod, many pods at
 * once. A worker lives until its pod has terminated and is gone.
 */
export class PodManager {
  private readonly workers = new Map<string, PodWorker>();
  private readonly queue: WorkQueue<string>;
  private readonly informer: Informer<Pod>;
  private readonly loops: Promise<void>[] = [];
  /** The context pod workers get: the manager's own queue behind enqueue. */
  private readonly agent: AgentContext;

  constructor(
    private readonly ctx: Omit<AgentContext, "enqueue">,
    private readonly options: PodManagerOptions = {},
  ) {
    this.queue = new WorkQueue<string>({ clock: ctx.clock });
    this.agent = { ...ctx, enqueue: (uid, afterMs) => (afterMs && afterMs > 0 ? this.queue.addAfter(uid, afterMs) : this.queue.add(uid)) };
    this.informer = new Informer<Pod>(ctx.client, refs.pods, {
      clock: ctx.clock,
      fieldSelector: `spec.nodeName=${ctx.nodeName}`,
      onError: ctx.onError,
    });
    this.informer.addEventHandler({
      onAdd: (pod) => this.observe(pod),
      onUpdate: (_old, pod) => this.observe(pod),
      onDelete: (pod) => {
        const worker = this.workers.get(pod.metadata.uid);
        worker?.remove();
        if (worker) this.queue.add(pod.metadata.uid);
      },
    });
  }

  start(): void {
    this.informer.run();
    for (let i = 0; i < (this.options.concurrency ?? 32); i++) this.loops.push(this.loop());
  }

  /** Resolves once the informer has listed the node's pods. */
  waitForSync(): Promise<boolean> {
    return this.informer.waitForSync();
  }

  /** The worker of the pod namespace/name, if this node runs it. */
  workerFor(namespace: string, name: string): PodWorker | undefined {
    const pod = this.informer.lister.get(namespace, name);
    const byUid = pod && this.workers.get(pod.metadata.uid);
    if (byUid) return byUid;
    for (const w of this.workers.values()) {
      if (w.current.metadata?.namespace === namespace && w.current.metadata?.name === name && !w.done) return w;
    }
    return undefined;
  }

  /** The pod as the informer has it. */
  cachedPod(namespace: string, name: string): Stored<Pod> | undefined {
    return this.informer.lister.get(namespace, name);
  }

  /** Stops taking pods and syncing; running containers are left to Runtime.close(). */
  async stop(): Promise<void> {
    this.informer.stop();
    this.queue.shutDown();
    await Promise.all(this.loops);
  }

  private observe(pod: Stored<Pod>): void {
    const uid = pod.metadata.uid;
    let worker = this.workers.get(uid);
    if (!worker) {
      worker = new PodWorker(this.agent, pod);
      this.workers.set(uid, worker);
    } else {
      // The version the worker's own status write answered with: it has acted on it already.
      const known = worker.current.metadata?.resourceVersion === pod.metadata.resourceVersion;
      worker.update(pod);
      if (known) return;
    }
    this.queue.add(uid);
  }

  private async loop(): Promise<void> {
    for (;;) {
      const uid = await this.queue.get();
      if (uid === undefined) return;
      const worker = this.workers.get(uid);
      try {
        await worker?.sync();
      } catch (err) {
        this.ctx.onError(err);
        this.queue.addAfter(uid, 1000);
      } finally {
        if (worker?.done) this.workers.delete(uid);
        this.queue.done(uid);
      }
    }
  }
}
