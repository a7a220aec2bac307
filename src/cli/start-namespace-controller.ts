import { NamespaceController } from "../controllers/namespace/namespace-controller.js";
import type { Component, ComponentContext } from "./components.js";

/** Empties deleted namespaces and then lets them go. */
export function startNamespaceController(c: ComponentContext): Component {
  const controller = new NamespaceController({ client: c.client, factory: c.factory, resources: c.resources, clock: c.clock, onError: c.onError });
  void controller.start();
  return { stop: () => controller.stop() };
}
