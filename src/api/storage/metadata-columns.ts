import type { TableColumn } from "../resource.js";

/**
 * The NAME and AGE columns of upstream's printers, described by ObjectMeta's swagger docs as
 * upstream's are. Shared by the tables of core, storage, coordination and events kinds.
 */

const nameDescription =
  "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

const creationTimestampDescription =
  "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

export const nameColumn: TableColumn = { name: "Name", type: "string", format: "name", description: nameDescription, priority: 0 };

export const ageColumn: TableColumn = { name: "Age", type: "string", format: "", description: creationTimestampDescription, priority: 0 };

/** A string column as upstream declares most of them; priority 1 shows only with -o wide. */
export function stringColumn(name: string, description: string, priority = 0): TableColumn {
  return { name, type: "string", format: "", description, priority };
}
