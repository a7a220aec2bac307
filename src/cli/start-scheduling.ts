import { startScheduler } from "../controllers/scheduler/scheduler.js";
import { startVolumeController } from "../controllers/volume/volume-controller.js";
import type { Component, ComponentContext } from "./components.js";

/** The scheduler: binds pending pods to nodes that fit. */
export function startLocalScheduler(c: ComponentContext): Component {
  return startScheduler({ client: c.client, factory: c.factory, clock: c.clock, onError: c.onError });
}

/** The PV controller and the built-in provisioner of local directories under the data directory. */
export function startLocalVolumeController(c: ComponentContext): Component {
  return startVolumeController({ client: c.client, factory: c.factory, clock: c.clock, dataDir: c.dataDir, onError: c.onError });
}
