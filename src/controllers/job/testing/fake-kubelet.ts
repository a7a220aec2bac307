// A kubelet stand-in for in-process Job controller tests: it plays each new pod out on the
// clock (Running, then exiting with the code its script gives; under OnFailure a failing
// container restarts in place), and fails pods marked for deletion, through the status subresource.
import type { Pod, PodStatus } from "kubernetes-types/core/v1.js";
import { clone, type Stored } from "../../../api/object.js";
import { refs } from "../../../api/refs.js";
import { isConflict, isNotFound } from "../../../api/status.js";
import type { Client } from "../../../client/client.js";
import type { InformerFactory } from "../../../client/informer-factory.js";
import { rfc3339 } from "../../../util/clock.js";
import type { VirtualClock } from "../../../util/virtual-clock.js";
import { isTerminal } from "../pod-state.js";

/** How a pod's container behaves each time it runs. */
export interface PodScript {
  readonly runMs: number;
  /** Exit code of the nth run (0-based). */
  readonly exitCode: (run: number) => number;
}

export interface FakeKubeletOptions {
  readonly client: Client;
  readonly factory: InformerFactory;
  readonly clock: VirtualClock;
  readonly script: (pod: Stored<Pod>) => PodScript;
}

function containerStatus(pod: Pod, state: NonNullable<PodStatus["containerStatuses"]>[number]["state"], restarts: number): PodStatus["containerStatuses"] {
  return (pod.spec?.containers ?? []).map((c) => ({ name: c.name, image: c.image ?? "", imageID: "", ready: !!state?.running, restartCount: restarts, state }));
}

export class FakeKubelet {
  private readonly started = new Set<string>();
  /** Pods seen running at the same time, most at once. */
  maxRunning = 0;
  private running = new Set<string>();

  constructor(private readonly options: FakeKubeletOptions) {
    const informer = options.factory.informerFor<Pod>(refs.pods);
    informer.addEventHandler({
      onAdd: (pod) => this.seen(pod),
      onUpdate: (_old, pod) => this.seen(pod),
      onDelete: (pod) => this.running.delete(pod.metadata.uid),
    });
  }

  private seen(pod: Stored<Pod>): void {
    const uid = pod.metadata.uid;
    if (pod.metadata.deletionTimestamp && !isTerminal(pod)) {
      this.running.delete(uid);
      this.write(pod, (p) => this.exit(p, { exitCode: 143, restarts: p.status?.containerStatuses?.[0]?.restartCount ?? 0 }));
      return;
    }
    if (this.started.has(uid) || pod.status?.phase !== "Pending") return;
    this.started.add(uid);
    this.running.add(uid);
    this.maxRunning = Math.max(this.maxRunning, this.running.size);
    this.write(pod, (p) => this.start(p, 0));
    this.schedule(pod, 0);
  }

  private schedule(pod: Stored<Pod>, run: number): void {
    const script = this.options.script(pod);
    this.options.clock.setTimeout(() => {
      const code = script.exitCode(run);
      const restart = code !== 0 && pod.spec?.restartPolicy === "OnFailure";
      this.write(pod, (p) => (restart ? this.start(p, run + 1) : this.exit(p, { exitCode: code, restarts: run })));
      if (restart) this.schedule(pod, run + 1);
      else this.running.delete(pod.metadata.uid);
    }, script.runMs);
  }

  private start(pod: Pod, restarts: number): void {
    const t = rfc3339(this.options.clock.now());
    Object.assign(pod, { status: {
      ...pod.status,
      phase: "Running",
      conditions: [{ type: "Ready", status: "True", lastTransitionTime: t }],
      containerStatuses: containerStatus(pod, { running: { startedAt: t } }, restarts),
    } });
  }

  private exit(pod: Pod, how: { exitCode: number; restarts: number }): void {
    const { exitCode, restarts } = how;
    const t = rfc3339(this.options.clock.now());
    const reason = exitCode === 0 ? "Completed" : "Error";
    Object.assign(pod, { status: {
      ...pod.status,
      phase: exitCode === 0 ? "Succeeded" : "Failed",
      conditions: [{ type: "Ready", status: "False", lastTransitionTime: t, reason: "PodCompleted" }],
      containerStatuses: containerStatus(pod, { terminated: { exitCode, reason, startedAt: t, finishedAt: t } }, restarts),
    } });
  }

  /** A status write on the latest pod, the clock held still while it is made. */
  private write(pod: Stored<Pod>, change: (p: Stored<Pod>) => void): void {
    const release = this.options.clock.busy();
    const { client } = this.options;
    const attempt = async (): Promise<void> => {
      for (let i = 0; i < 10; i++) {
        const latest = clone(await client.get<Pod>(refs.pods, pod.metadata.namespace, pod.metadata.name));
        if (latest.metadata.uid !== pod.metadata.uid || isTerminal(latest)) return;
        change(latest);
        try {
          await client.update<Pod>(refs.pods, latest, { subresource: "status" });
          return;
        } catch (err) {
          if (!isConflict(err)) throw err;
        }
      }
    };
    attempt()
      .catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      })
      .finally(release);
  }
}
