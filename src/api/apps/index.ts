import type { ResourceDefinition } from "../resource.js";

/** The apps resources served, in discovery order. */
export const appsResources: readonly ResourceDefinition[] = [];
