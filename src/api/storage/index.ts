import type { ResourceDefinition } from "../resource.js";

/** The storage resources served, in discovery order. */
export const storageResources: readonly ResourceDefinition[] = [];
