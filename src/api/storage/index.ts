import type { ResourceDefinition } from "../resource.js";
import { storageClassDefinition } from "./storage-class.js";

/** The storage resources served, in discovery order. */
export const storageResources: readonly ResourceDefinition[] = [storageClassDefinition];
