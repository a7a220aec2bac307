import type { ResourceDefinition } from "../resource.js";
import { leaseDefinition } from "./lease.js";

/** The coordination resources served, in discovery order. */
export const coordinationResources: readonly ResourceDefinition[] = [leaseDefinition];
