import { isIP } from "node:net";
import type {
  Affinity,
  HostAlias,
  NodeSelector,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  PodAffinityTerm,
  PodDNSConfig,
  Toleration,
  TopologySpreadConstraint,
  WeightedPodAffinityTerm,
} from "kubernetes-types/core/v1.js";
import { type FieldError, type FieldPath, fieldErrors } from "../field-errors.js";
import { fromMessages, validateDNS1123Subdomain, validateLabelName } from "../validation/generic.js";
import { validateLabelSelector } from "../validation/label-selector.js";
import { isDNS1123Label, isValidLabelValue, nameIsDNSSubdomain } from "../../util/names.js";

/** Where a pod may run and how it resolves names: affinity, tolerations, spread, DNS, as upstream v1.32. */

export function validateAffinity(a: Affinity | undefined, p: FieldPath, opts: { allowInvalidLabelValueInSelector?: boolean }): FieldError[] {
  if (!a) return [];
  const errs: FieldError[] = [];
  const na = a.nodeAffinity;
  if (na?.requiredDuringSchedulingIgnoredDuringExecution) {
    errs.push(...validateNodeSelector(na.requiredDuringSchedulingIgnoredDuringExecution, p.child("nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution")));
  }
  (na?.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
    const at = p.child("nodeAffinity", "preferredDuringSchedulingIgnoredDuringExecution").index(i);
    if (t.weight <= 0 || t.weight > 100) errs.push(fieldErrors.invalid(at.child("weight"), t.weight, "must be in the range 1-100"));
    // Preferred terms may use any label value: they can still match on a one-node cluster.
    errs.push(...validateNodeSelectorTerm(t.preference, at.child("preference"), { allowInvalidValues: true }));
  });
  for (const kind of ["podAffinity", "podAntiAffinity"] as const) {
    const pa = a[kind];
    if (!pa) continue;
    (pa.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
      errs.push(...validatePodAffinityTerm(t, p.child(kind, "requiredDuringSchedulingIgnoredDuringExecution").index(i), opts));
    });
    (pa.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t: WeightedPodAffinityTerm, i) => {
      const at = p.child(kind, "preferredDuringSchedulingIgnoredDuringExecution").index(i);
      if (t.weight <= 0 || t.weight > 100) errs.push(fieldErrors.invalid(at.child("weight"), t.weight, "must be in the range 1-100"));
      errs.push(...validatePodAffinityTerm(t.podAffinityTerm, at.child("podAffinityTerm"), opts));
    });
  }
  return errs;
}

export function validateNodeSelector(ns: NodeSelector, p: FieldPath): FieldError[] {
  const termsPath = p.child("nodeSelectorTerms");
  if ((ns.nodeSelectorTerms ?? []).length === 0) return [fieldErrors.required(termsPath, "must have at least one node selector term")];
  return ns.nodeSelectorTerms.flatMap((t, i) => validateNodeSelectorTerm(t, termsPath.index(i), { allowInvalidValues: false }));
}

function validateNodeSelectorTerm(t: NodeSelectorTerm, p: FieldPath, opts: { allowInvalidValues: boolean }): FieldError[] {
  const errs: FieldError[] = [];
  (t.matchExpressions ?? []).forEach((r, j) => errs.push(...validateNodeSelectorRequirement(r, p.child("matchExpressions").index(j), opts)));
  (t.matchFields ?? []).forEach((r, j) => errs.push(...validateNodeFieldSelectorRequirement(r, p.child("matchFields").index(j))));
  return errs;
}

function validateNodeSelectorRequirement(r: NodeSelectorRequirement, p: FieldPath, opts: { allowInvalidValues: boolean }): FieldError[] {
  const errs: FieldError[] = [];
  const values = r.values ?? [];
  switch (r.operator) {
    case "In":
    case "NotIn":
      if (values.length === 0) errs.push(fieldErrors.required(p.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case "Exists":
    case "DoesNotExist":
      if (values.length > 0) errs.push(fieldErrors.forbidden(p.child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    case "Gt":
    case "Lt":
      if (values.length !== 1) errs.push(fieldErrors.required(p.child("values"), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      errs.push(fieldErrors.invalid(p.child("operator"), r.operator, "not a valid selector operator"));
  }
  errs.push(...validateLabelName(r.key, p.child("key")));
  if (!opts.allowInvalidValues) values.forEach((v, i) => errs.push(...fromMessages(p.child("values").index(i), v, isValidLabelValue(v))));
  return errs;
}

function validateNodeFieldSelectorRequirement(r: NodeSelectorRequirement, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (r.operator !== "In" && r.operator !== "NotIn") errs.push(fieldErrors.invalid(p.child("operator"), r.operator, "not a valid selector operator"));
  else if ((r.values ?? []).length !== 1) {
    errs.push(fieldErrors.required(p.child("values"), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
  }
  if (r.key !== "metadata.name") errs.push(fieldErrors.invalid(p.child("key"), r.key, "not a valid field selector key"));
  else (r.values ?? []).forEach((v, i) => errs.push(...fromMessages(p.child("values").index(i), v, nameIsDNSSubdomain(v, false))));
  return errs;
}

function validatePodAffinityTerm(t: PodAffinityTerm, p: FieldPath, opts: { allowInvalidLabelValueInSelector?: boolean }): FieldError[] {
  const selectorOpts = { allowInvalidLabelValueInSelector: opts.allowInvalidLabelValueInSelector ?? false };
  const errs = [
    ...validateLabelSelector(t.labelSelector, p.child("labelSelector"), selectorOpts),
    ...validateLabelSelector(t.namespaceSelector, p.child("namespaceSelector"), selectorOpts),
  ];
  for (const ns of t.namespaces ?? []) errs.push(...fromMessages(p.child("namespace"), ns, isDNS1123Label(ns)));
  if (!t.topologyKey) errs.push(fieldErrors.required(p.child("topologyKey"), "can not be empty"));
  errs.push(...validateLabelName(t.topologyKey ?? "", p.child("topologyKey")));
  return errs;
}

export function validateTolerations(tolerations: readonly Toleration[] | undefined, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (tolerations ?? []).forEach((t, i) => {
    const at = p.index(i);
    if (t.key) errs.push(...validateLabelName(t.key, at.child("key")));
    if (!t.key && t.operator !== "Exists") {
      errs.push(fieldErrors.invalid(at.child("operator"), t.operator ?? "", 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== "NoExecute") {
      errs.push(fieldErrors.invalid(at.child("effect"), t.effect ?? "", "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    errs.push(...validateTolerationOperator(t, at));
    if (t.effect && !["NoSchedule", "PreferNoSchedule", "NoExecute"].includes(t.effect)) {
      errs.push(fieldErrors.notSupported(at.child("effect"), t.effect, ["NoSchedule", "PreferNoSchedule", "NoExecute"]));
    }
  });
  return errs;
}

function validateTolerationOperator(t: Toleration, at: FieldPath): FieldError[] {
  const value = t.value ?? "";
  if (!t.operator || t.operator === "Equal") {
    const msgs = isValidLabelValue(value);
    return msgs.length > 0 ? [fieldErrors.invalid(at.child("operator"), value, msgs.join(";"))] : [];
  }
  if (t.operator === "Exists") {
    return value ? [fieldErrors.invalid(at.child("operator"), value, "value must be empty when `operator` is 'Exists'")] : [];
  }
  return [fieldErrors.notSupported(at.child("operator"), t.operator, ["Equal", "Exists"])];
}

export function validateTopologySpreadConstraints(constraints: readonly TopologySpreadConstraint[] | undefined, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const list = constraints ?? [];
  list.forEach((c, i) => {
    const at = p.index(i);
    if (c.maxSkew <= 0) errs.push(fieldErrors.invalid(at.child("maxSkew"), c.maxSkew, "must be greater than zero"));
    if (!c.topologyKey) errs.push(fieldErrors.required(at.child("topologyKey"), "can not be empty"));
    if (!["DoNotSchedule", "ScheduleAnyway"].includes(c.whenUnsatisfiable)) {
      errs.push(fieldErrors.notSupported(at.child("whenUnsatisfiable"), c.whenUnsatisfiable, ["DoNotSchedule", "ScheduleAnyway"]));
    }
    if (list.slice(i + 1).some((o) => o.topologyKey === c.topologyKey && o.whenUnsatisfiable === c.whenUnsatisfiable)) {
      errs.push(fieldErrors.duplicate(at.child("{topologyKey, whenUnsatisfiable}"), `{${c.topologyKey}, ${c.whenUnsatisfiable}}`));
    }
    errs.push(...validateMinDomains(c, at.child("minDomains")));
    for (const f of ["nodeAffinityPolicy", "nodeTaintsPolicy"] as const) {
      const v = c[f];
      if (v !== undefined && v !== "Honor" && v !== "Ignore") errs.push(fieldErrors.notSupported(at.child(f), v, ["Honor", "Ignore"]));
    }
    errs.push(...validateLabelSelector(c.labelSelector, at.child("labelSelector")));
  });
  return errs;
}

function validateMinDomains(c: TopologySpreadConstraint, p: FieldPath): FieldError[] {
  if (c.minDomains === undefined || c.minDomains === null) return [];
  const errs: FieldError[] = [];
  if (c.minDomains <= 0) errs.push(fieldErrors.invalid(p, c.minDomains, "must be greater than zero"));
  if (c.whenUnsatisfiable !== "DoNotSchedule") {
    errs.push(fieldErrors.invalid(p, c.minDomains, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${c.whenUnsatisfiable}`));
  }
  return errs;
}

const invalidIP = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";

export function validatePodDNSConfig(cfg: PodDNSConfig | undefined, dnsPolicy: string | undefined, p: FieldPath): FieldError[] {
  if (dnsPolicy === "None") {
    if (!cfg) return [fieldErrors.required(p, "must provide `dnsConfig` when `dnsPolicy` is None")];
    if ((cfg.nameservers ?? []).length === 0) {
      return [fieldErrors.required(p.child("nameservers"), "must provide at least one DNS nameserver when `dnsPolicy` is None")];
    }
  }
  if (!cfg) return [];
  const errs: FieldError[] = [];
  const nameservers = cfg.nameservers ?? [];
  if (nameservers.length > 3) errs.push(fieldErrors.invalid(p.child("nameservers"), nameservers, "must not have more than 3 nameservers"));
  nameservers.forEach((ns, i) => {
    if (isIP(ns) === 0) errs.push(fieldErrors.invalid(p.child("nameservers").index(i), ns, invalidIP));
  });
  const searches = cfg.searches ?? [];
  if (searches.length > 32) errs.push(fieldErrors.invalid(p.child("searches"), searches, "must not have more than 32 search paths"));
  if (searches.join(" ").length > 2048) {
    errs.push(fieldErrors.invalid(p.child("searches"), searches, "must not have more than 2048 characters (including spaces) in the search list"));
  }
  searches.forEach((s, i) => errs.push(...validateDNS1123Subdomain(s.replace(/\.$/, ""), p.child("searches").index(i))));
  (cfg.options ?? []).forEach((o, i) => {
    if (!o.name) errs.push(fieldErrors.required(p.child("options").index(i), "must not be empty"));
  });
  return errs;
}

export function validateHostAliases(aliases: readonly HostAlias[] | undefined, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (aliases ?? []).forEach((a, i) => {
    if (isIP(a.ip ?? "") === 0) errs.push(fieldErrors.invalid(p.index(i).child("ip"), a.ip ?? "", invalidIP));
    (a.hostnames ?? []).forEach((h, j) => errs.push(...validateDNS1123Subdomain(h, p.index(i).child("hostnames").index(j))));
  });
  return errs;
}
