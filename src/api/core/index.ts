import type { ResourceDefinition } from "../resource.js";
import { configMapDefinition } from "./config-map.js";
import { eventDefinition } from "./event.js";
import { namespaceDefinition } from "./namespace.js";
import { nodeDefinition } from "./node.js";
import { persistentVolumeDefinition } from "./persistent-volume.js";
import { persistentVolumeClaimDefinition } from "./persistent-volume-claim.js";
import { podDefinition } from "./pod.js";
import { secretDefinition } from "./secret.js";
import { serviceDefinition } from "./service.js";
import { serviceAccountDefinition } from "./service-account.js";

/** The core resources served, in discovery order. */
export const coreResources: readonly ResourceDefinition[] = [configMapDefinition, eventDefinition, namespaceDefinition, nodeDefinition, persistentVolumeClaimDefinition, persistentVolumeDefinition, podDefinition, secretDefinition, serviceAccountDefinition, serviceDefinition];
