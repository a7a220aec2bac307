import { after, before } from "node:test";
import { VirtualClock } from "../../util/virtual-clock.js";
import { runStoreConformance } from "../store-conformance.js";
import { openEtcdStore } from "./etcd-store.js";
import { startEtcdCluster } from "./testing/etcd-cluster.js";
import type { EtcdCluster } from "./testing/etcd-cluster.js";

let cluster: EtcdCluster | undefined;
let stores = 0;
before(async () => void (cluster = await startEtcdCluster({ members: 1 })));
after(() => cluster?.stop());

// Each store gets its own key namespace on the one cluster, so it starts empty.
runStoreConformance("etcd, one member", () =>
  openEtcdStore({ hosts: cluster!.endpoints, namespace: `/conformance-${stores++}`, clock: new VirtualClock(0) }),
);
