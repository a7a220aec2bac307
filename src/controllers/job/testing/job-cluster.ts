// An in-process cluster running the Job controller and a fake kubelet on a virtual clock.
import assert from "node:assert/strict";
import type { Job } from "kubernetes-types/batch/v1.js";
import type { Pod } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../../api/object.js";
import { refs } from "../../../api/refs.js";
import { InformerFactory } from "../../../client/informer-factory.js";
import { openTestCluster, type TestCluster } from "../../../client/testing/test-cluster.js";
import { RecordingEventRecorder } from "../../runtime/recording-event-recorder.js";
import { JobController } from "../job-controller.js";
import { FakeKubelet, type PodScript } from "./fake-kubelet.js";

export interface JobCluster {
  readonly cluster: TestCluster;
  readonly recorder: RecordingEventRecorder;
  readonly kubelet: FakeKubelet;
  readonly errors: unknown[];
  /** Stops the controller (as a crash would: its memory is lost) and starts a new one. */
  restartController(): Promise<void>;
  job(name: string): Promise<Stored<Job>>;
  pods(): Promise<Stored<Pod>[]>;
  /** Advances the clock in steps until cond holds. */
  eventually(cond: () => Promise<boolean>, what: string, options?: { stepMs?: number; steps?: number }): Promise<void>;
}

export const defaultScript = (): PodScript => ({ runMs: 10_000, exitCode: () => 0 });

export async function withJobCluster(script: (pod: Stored<Pod>) => PodScript, fn: (c: JobCluster) => Promise<void>): Promise<void> {
  const cluster = await openTestCluster();
  const recorder = new RecordingEventRecorder();
  const errors: unknown[] = [];
  const kubeletFactory = new InformerFactory(cluster.client, { clock: cluster.clock });
  const kubelet = new FakeKubelet({ client: cluster.client, factory: kubeletFactory, clock: cluster.clock, script });
  kubeletFactory.start();
  let running: { controller: JobController; factory: InformerFactory } | undefined;
  const startController = async (): Promise<void> => {
    const factory = new InformerFactory(cluster.client, { clock: cluster.clock });
    const controller = new JobController({ client: cluster.client, factory, clock: cluster.clock, recorder, onError: (_k, e) => errors.push(e) });
    factory.start();
    assert.equal(await controller.start(), true);
    running = { controller, factory };
  };
  const stopController = async (): Promise<void> => {
    await running?.controller.stop();
    running?.factory.stop();
    running = undefined;
  };
  await startController();
  const c: JobCluster = {
    cluster,
    recorder,
    kubelet,
    errors,
    restartController: async () => {
      await stopController();
      await startController();
    },
    job: (name) => cluster.client.get<Job>(refs.jobs, "default", name),
    pods: async () => (await cluster.client.list<Pod>(refs.pods, "default")).items,
    eventually: async (cond, what, options = {}) => {
      for (let i = 0; i < (options.steps ?? 400); i++) {
        if (await cond()) return;
        await cluster.clock.advance(options.stepMs ?? 500);
      }
      assert.fail(`never happened: ${what}`);
    },
  };
  try {
    await fn(c);
  } finally {
    await stopController();
    kubeletFactory.stop();
    await cluster.close();
  }
}
