import { appsResources } from "./apps/index.js";
import { batchResources } from "./batch/index.js";
import { coordinationResources } from "./coordination/index.js";
import { coreResources } from "./core/index.js";
import { eventsResources } from "./events/index.js";
import { ResourceTable } from "./resource-table.js";
import { storageResources } from "./storage/index.js";

/**
 * Every resource tinykube serves, in discovery order: groups as upstream lists them,
 * and within a group the preferred version first (batch/v1 before batch/v1beta1).
 */
export function servedResources(): ResourceTable {
  return new ResourceTable([
    ...coreResources,
    ...appsResources,
    ...eventsResources,
    ...batchResources,
    ...storageResources,
    ...coordinationResources,
  ]);
}
