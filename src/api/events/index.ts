import type { ResourceDefinition } from "../resource.js";

/** The events resources served, in discovery order. */
export const eventsResources: readonly ResourceDefinition[] = [];
