import type { StatefulSet } from "kubernetes-types/apps/v1.js";
import type { TablePrinter } from "../resource.js";
import { ageCell } from "../printers/time.js";
import { ageColumn, nameColumn, stringColumn } from "../storage/metadata-columns.js";
import { containerCells, containerColumns } from "./container-cells.js";

/** upstream's printStatefulSet: NAME READY AGE, and CONTAINERS IMAGES with -o wide. */
export const statefulSetTable: TablePrinter<StatefulSet> = {
  columns: [nameColumn, stringColumn("Ready", "Number of the pod with ready state"), ageColumn, ...containerColumns],
  cells(sts, now) {
    const ready = `${sts.status?.readyReplicas ?? 0}/${sts.spec?.replicas ?? 0}`;
    return [sts.metadata?.name ?? "", ready, ageCell(sts.metadata?.creationTimestamp, now), ...containerCells(sts.spec?.template)];
  },
};
