import type { ResourceDefinition } from "../resource.js";

/** The core resources served, in discovery order. */
export const coreResources: readonly ResourceDefinition[] = [];
