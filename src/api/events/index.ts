import type { ResourceDefinition } from "../resource.js";
import { eventsV1Definition } from "./event.js";

/** The events resources served, in discovery order. */
export const eventsResources: readonly ResourceDefinition[] = [eventsV1Definition];
