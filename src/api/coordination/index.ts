import type { ResourceDefinition } from "../resource.js";

/** The coordination resources served, in discovery order. */
export const coordinationResources: readonly ResourceDefinition[] = [];
