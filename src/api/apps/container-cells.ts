import type { PodTemplateSpec } from "kubernetes-types/core/v1.js";
import type { TableColumn } from "../resource.js";
import { stringColumn } from "../storage/metadata-columns.js";

/** The CONTAINERS and IMAGES cells of workload tables (upstream's layoutContainerCells). */
export function containerCells(template: PodTemplateSpec | undefined): [string, string] {
  const containers = template?.spec?.containers ?? [];
  return [containers.map((c) => c.name ?? "").join(","), containers.map((c) => c.image ?? "").join(",")];
}

/** The wide CONTAINERS and IMAGES columns, described as upstream's printers describe them. */
export const containerColumns: readonly TableColumn[] = [
  stringColumn("Containers", "Names of each container in the template.", 1),
  stringColumn("Images", "Images referenced by each container in the template.", 1),
];
