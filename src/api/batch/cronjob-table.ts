import type { CronJob } from "kubernetes-types/batch/v1.js";
import type { TableColumn, TablePrinter } from "../resource.js";
import { containerCells, containerColumns } from "../apps/container-cells.js";
import { ageCell } from "../printers/time.js";
import { ageColumn, nameColumn, stringColumn } from "../storage/metadata-columns.js";
import { formatLabelSelector } from "../../util/labels.js";

const column = (name: string, type: TableColumn["type"], description: string): TableColumn => ({ name, type, format: "", description, priority: 0 });

const timeZoneDescription =
  "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process. The set of valid time zone names and the time zone offset is loaded from the system-wide time zone database by the API server during CronJob validation and the controller manager during execution. If no system-wide time zone database can be found a bundled version of the database is used instead. If the time zone name becomes invalid during the lifetime of a CronJob or due to a change in host configuration, the controller will stop creating new new Jobs and will create a system event with the reason UnknownTimeZone. More information can be found in https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones";

/** upstream's printBoolPtr. */
function boolCell(value: boolean | undefined | null): string {
  if (value == null) return "<unset>";
  return value ? "True" : "False";
}

/** printCronJob: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE, and CONTAINERS IMAGES SELECTOR with -o wide. */
export const cronJobTable: TablePrinter<CronJob> = {
  columns: [
    nameColumn,
    stringColumn("Schedule", "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."),
    stringColumn("Timezone", timeZoneDescription),
    column("Suspend", "boolean", "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions. Defaults to false."),
    column("Active", "integer", "A list of pointers to currently running jobs."),
    stringColumn("Last Schedule", "Information when was the last time the job was successfully scheduled."),
    ageColumn,
    ...containerColumns,
    stringColumn(
      "Selector",
      "A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
      1,
    ),
  ],
  cells(cj, now) {
    const last = cj.status?.lastScheduleTime;
    const template = cj.spec?.jobTemplate?.spec;
    return [
      cj.metadata?.name ?? "",
      cj.spec?.schedule ?? "",
      cj.spec?.timeZone ?? "<none>",
      boolCell(cj.spec?.suspend),
      (cj.status?.active ?? []).length,
      last ? ageCell(last, now) : "<none>",
      ageCell(cj.metadata?.creationTimestamp, now),
      ...containerCells(template?.template),
      formatLabelSelector(template?.selector),
    ];
  },
};
