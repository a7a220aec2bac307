import type { Node, NodeStatus, Taint } from "kubernetes-types/core/v1.js";
import { type FieldError, FieldPath, fieldErrors, PrintedValue } from "../field-errors.js";
import type { ResourceDefinition, ResourceInfo, Strategy } from "../resource.js";
import { isNegativeErrorMsg, validateLabelName } from "../validation/generic.js";
import { validateObjectMeta, validateObjectMetaUpdate } from "../validation/object-meta.js";
import { isValidLabelValue } from "../../util/names.js";
import { formatQuantity, tryParseQuantity, quantityErrors } from "../../util/quantity.js";
import { defaultResourceList } from "./pod-spec-defaults.js";
import { nodeTable } from "./node-table.js";

export const nodeInfo: ResourceInfo = {
  group: "",
  version: "v1",
  kind: "Node",
  resource: "nodes",
  singular: "node",
  listKind: "NodeList",
  namespaced: false,
  shortNames: ["no"],
  categories: [],
  subresources: ["status", "proxy"],
  verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
  storage: { group: "", resource: "nodes", version: "v1", kind: "Node" },
};

/** kubernetes-types marks status read-only for clients; the server writes it. */
function setNodeStatus(node: Node, status: NodeStatus): void {
  (node as { status?: NodeStatus }).status = status;
}

/** SetObjectDefaults_Node: quantities rounded and canonical; allocatable defaults to capacity. */
function defaultNode(node: Node): void {
  const status = node.status;
  if (!status) return;
  const s = { ...status };
  if (s.capacity) defaultResourceList(s.capacity);
  if (s.allocatable) defaultResourceList(s.allocatable);
  if (!s.allocatable && s.capacity) s.allocatable = { ...s.capacity };
  setNodeStatus(node, s);
}

const metadataPath = FieldPath.root("metadata");

/** ValidateNode: metadata (cluster-scoped, a DNS subdomain name), taints, status quantities, pod CIDRs. */
function validateNode(node: Node): FieldError[] {
  return [
    ...validateObjectMeta(node.metadata, { namespaced: false }),
    ...validateTaints(node.spec?.taints, metadataPath.child("taints")),
    ...validateNodeResources(node),
  ];
}

/**
 * ValidateNodeUpdate. It checks resources and taints again, as upstream does: an update through
 * the main resource reports those errors twice there too.
 */
function validateNodeUpdate(node: Node, old: Node): FieldError[] {
  const errs = [...validateObjectMetaUpdate(node.metadata, old.metadata), ...validateNodeResources(node)];
  const seen = new Set<string>();
  (node.status?.addresses ?? []).forEach((a, i) => {
    const key = `${a.type}\u0000${a.address}`;
    if (seen.has(key)) errs.push(fieldErrors.duplicate(FieldPath.root("status").child("addresses").index(i), a));
    seen.add(key);
  });
  const oldCIDRs = old.spec?.podCIDRs ?? [];
  const newCIDRs = node.spec?.podCIDRs ?? [];
  if (oldCIDRs.length > 0 && (oldCIDRs.length !== newCIDRs.length || oldCIDRs.some((c, i) => c !== newCIDRs[i]))) {
    errs.push(fieldErrors.forbidden("spec.podCIDRs", "may not change once set"));
  }
  const oldProvider = old.spec?.providerID ?? "";
  if (oldProvider && oldProvider !== (node.spec?.providerID ?? "")) errs.push(fieldErrors.forbidden("spec.providerID", "must not change once set"));
  if (node.spec?.configSource) errs.push(fieldErrors.forbidden("spec.configSource", "configSource may not be set"));
  errs.push(...validateTaints(node.spec?.taints, metadataPath.child("taints")));
  return errs;
}

/** Taints: key a label name, value a label value, a known effect, unique by key and effect. */
function validateTaints(taints: readonly Taint[] | undefined, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (taints ?? []).forEach((t, i) => {
    const at = p.index(i);
    errs.push(...validateLabelName(t.key, at.child("key")));
    const valueErrs = isValidLabelValue(t.value ?? "");
    if (valueErrs.length > 0) errs.push(fieldErrors.invalid(at.child("value"), t.value ?? "", valueErrs.join(";")));
    if (!t.effect) errs.push(fieldErrors.required(at.child("effect")));
    else if (!["NoSchedule", "PreferNoSchedule", "NoExecute"].includes(t.effect)) {
      errs.push(fieldErrors.notSupported(at.child("effect"), t.effect, ["NoSchedule", "PreferNoSchedule", "NoExecute"]));
    }
    const key = `${t.effect}\u0000${t.key}`;
    if (seen.has(key)) errs.push({ ...fieldErrors.duplicate(at, goTaint(t)), detail: "taints must be unique by key and effect pair" });
    else seen.add(key);
  });
  return errs;
}

/** A taint as Go prints the internal struct with %#v (upstream's Duplicate value). */
function goTaint(t: Taint): PrintedValue | Taint {
  if (t.timeAdded) return t;
  const text = `core.Taint{Key:${JSON.stringify(t.key)}, Value:${JSON.stringify(t.value ?? "")}, Effect:${JSON.stringify(t.effect)}, TimeAdded:(*v1.Time)(nil)}`;
  return new PrintedValue(text, t);
}

/** Capacity and allocatable quantities are valid and not negative (paths as upstream: status.capacity.cpu). */
function validateNodeResources(node: Node): FieldError[] {
  const errs: FieldError[] = [];
  for (const field of ["capacity", "allocatable"] as const) {
    for (const [name, raw] of Object.entries(node.status?.[field] ?? {})) {
      const p = FieldPath.root("status").child(field, name);
      const q = tryParseQuantity(raw);
      if (!q) errs.push(fieldErrors.invalid(p, raw, quantityErrors.formatWrong));
      else if (q.mantissa < 0n) errs.push(fieldErrors.invalid(p, formatQuantity(q), isNegativeErrorMsg));
    }
  }
  return errs;
}

export const nodeStrategy: Strategy<Node> = {
  applyDefaults: defaultNode,
  // Kubelets register a node with its status, so create keeps it (upstream clears nothing here).
  prepareForCreate() {},
  prepareForUpdate(node, old) {
    setNodeStatus(node, old.status ?? {});
  },
  validate: validateNode,
  validateUpdate: validateNodeUpdate,
  status: {
    prepareForUpdate(node, old) {
      node.spec = old.spec ?? {};
    },
    validateUpdate: validateNodeUpdate,
  },
  table: nodeTable,
  selectableFields: (node) => ({ "spec.unschedulable": String(node.spec?.unschedulable ?? false) }),
};

export const nodeDefinition: ResourceDefinition<Node> = { info: nodeInfo, strategy: nodeStrategy };
