import type { ResourceDefinition } from "../resource.js";

/** The batch resources served, in discovery order. */
export const batchResources: readonly ResourceDefinition[] = [];
