import type { ResourceDefinition } from "../resource.js";
import { eventDefinition } from "./event.js";
import { namespaceDefinition } from "./namespace.js";

/** The core resources served, in discovery order. */
export const coreResources: readonly ResourceDefinition[] = [eventDefinition, namespaceDefinition];
