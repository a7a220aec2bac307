import type { ResourceDefinition } from "../resource.js";
import { controllerRevisionDefinition } from "./controller-revision.js";
import { statefulSetDefinition } from "./statefulset.js";

/** The apps resources served, in discovery order. */
export const appsResources: readonly ResourceDefinition[] = [
  controllerRevisionDefinition as ResourceDefinition,
  statefulSetDefinition as ResourceDefinition,
];
