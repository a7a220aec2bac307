import type { Event } from "kubernetes-types/core/v1.js";
import { ageCell } from "../printers/time.js";
import type { TablePrinter } from "../resource.js";
import { nameColumn, stringColumn } from "../storage/metadata-columns.js";

/**
 * The Event table as upstream's printEvent with -o wide (the server always sends the wide
 * cells; kubectl hides priority-1 columns): LAST SEEN TYPE REASON OBJECT MESSAGE, plus
 * SUBOBJECT SOURCE FIRST SEEN COUNT NAME. Both served versions print from the stored core form.
 */
export const eventTable: TablePrinter<Event> = {
  columns: [
    stringColumn("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
    stringColumn("Type", "Type of this event (Normal, Warning), new types could be added in the future"),
    stringColumn(
      "Reason",
      "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
    ),
    stringColumn("Object", "The object that this event is about."),
    stringColumn(
      "Subobject",
      'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: "spec.containers{name}" (where "name" refers to the name of the container that triggered the event) or if no container name is specified "spec.containers[2]" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.',
      1,
    ),
    stringColumn("Source", "The component reporting this event. Should be a short machine understandable string.", 1),
    stringColumn("Message", "A human-readable description of the status of this operation."),
    stringColumn("First Seen", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", 1),
    stringColumn("Count", "The number of times this event has occurred.", 1),
    { ...nameColumn, priority: 1 },
  ],
  cells(ev, now) {
    const first = ev.firstTimestamp ? ageCell(ev.firstTimestamp, now) : ageCell(ev.eventTime, now);
    let last = ev.lastTimestamp ? ageCell(ev.lastTimestamp, now) : first;
    // Singleton events of the new API carry no count.
    let count = ev.count || 1;
    if (ev.series) {
      last = ageCell(ev.series.lastObservedTime, now);
      count = ev.series.count ?? 0;
    }
    const involved = ev.involvedObject ?? {};
    const kind = (involved.kind ?? "").toLowerCase();
    const target = involved.name ? `${kind}/${involved.name}` : kind;
    const source = eventSource(ev);
    const message = (ev.message ?? "").trim();
    return [last, ev.type ?? "", ev.reason ?? "", target, involved.fieldPath ?? "", source, message, first, count, ev.metadata?.name ?? ""];
  },
};

/** "component, host", each falling back to the new reporting fields; the host part only when known. */
function eventSource(ev: Event): string {
  const component = ev.source?.component || ev.reportingComponent || "";
  const instance = ev.source?.host || ev.reportingInstance || "";
  return instance ? `${component}, ${instance}` : component;
}
