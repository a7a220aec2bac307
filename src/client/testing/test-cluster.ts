// An in-process cluster for tests above the client (informers, controllers): the served registry
// over a fresh store, a virtual clock, and an InProcessClient, without those tests importing the
// registry or the store themselves (controllers may only see client/).
import type { ResourceTable } from "../../api/resource-table.js";
import { openServedRegistry } from "../../registry/testing/served-registry.js";
import type { VirtualClock } from "../../util/virtual-clock.js";
import type { Client } from "../client.js";
import { InProcessClient } from "../in-process-client.js";

export interface TestCluster {
  readonly client: Client;
  readonly clock: VirtualClock;
  /** Every served resource, as controllers that watch "everything" are given it. */
  readonly resources: ResourceTable;
  /** Forgets all history up to now: watches from before it fail with 410. */
  compact(): Promise<void>;
  close(): Promise<void>;
}

export async function openTestCluster(startMs?: number): Promise<TestCluster> {
  const served = await openServedRegistry(startMs);
  return {
    client: new InProcessClient(served.registry, { userAgent: "tinykube-test" }),
    clock: served.clock,
    resources: served.registry.resources,
    compact: served.compact,
    close: served.close,
  };
}
