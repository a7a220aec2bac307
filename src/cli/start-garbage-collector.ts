import { GarbageCollector } from "../controllers/garbagecollector/garbage-collector.js";
import type { Component, ComponentContext } from "./components.js";

/** The garbage collector over every deletable served resource. */
export function startGarbageCollector(c: ComponentContext): Component {
  const gc = new GarbageCollector({ client: c.client, factory: c.factory, resources: c.resources, clock: c.clock, onError: c.onError });
  // start() resolves once its informers have synced; the factory starts them after every component is built.
  void gc.start();
  return { stop: () => gc.stop() };
}
