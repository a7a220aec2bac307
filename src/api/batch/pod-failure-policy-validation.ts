import type {
  JobSpec,
  PodFailurePolicyOnExitCodesRequirement,
  PodFailurePolicyOnPodConditionsPattern,
  PodFailurePolicyRule,
} from "kubernetes-types/batch/v1.js";
import { type FieldError, type FieldPath, fieldErrors, omitValue, PrintedValue } from "../field-errors.js";
import { validateQualifiedName } from "../validation/object-meta.js";

const maxRules = 20;
const maxExitCodeValues = 255;
const maxConditionPatterns = 20;

// Sorted, as upstream lists its sets.
const actions = ["Count", "FailIndex", "FailJob", "Ignore"];
const operators = ["In", "NotIn"];
const conditionStatuses = ["False", "True", "Unknown"];

/** Go's %q of a []string: ["a" "b"]. */
const goQuotedList = (values: readonly string[]): string => `[${values.map((v) => JSON.stringify(v)).join(" ")}]`;

/** Go's %#v of a []int32. */
const goInt32Slice = (values: readonly number[] | undefined): PrintedValue =>
  new PrintedValue(values === undefined ? "[]int32(nil)" : `[]int32{${values.join(", ")}}`, values ?? null);

/** validatePodFailurePolicy: at most 20 rules, each with one action and one kind of requirement. */
export function validatePodFailurePolicy(spec: JobSpec, p: FieldPath): FieldError[] {
  const rules = spec.podFailurePolicy?.rules ?? [];
  const rulesPath = p.child("rules");
  const errs: FieldError[] = [];
  if (rules.length > maxRules) errs.push(fieldErrors.tooMany(rulesPath, rules.length, maxRules));
  const podSpec = spec.template?.spec;
  const containerNames = new Set([...(podSpec?.containers ?? []), ...(podSpec?.initContainers ?? [])].map((c) => c.name));
  rules.forEach((rule, i) => errs.push(...validateRule(rule, rulesPath.index(i), { spec, containerNames })));
  return errs;
}

interface RuleContext {
  readonly spec: JobSpec;
  /** Names of the template's containers and init containers. */
  readonly containerNames: ReadonlySet<string>;
}

function validateRule(rule: PodFailurePolicyRule, p: FieldPath, { spec, containerNames }: RuleContext): FieldError[] {
  const errs: FieldError[] = [];
  const actionPath = p.child("action");
  const action = rule.action ?? "";
  if (action === "") {
    errs.push(fieldErrors.required(actionPath, `valid values: ${goQuotedList(actions)}`));
  } else if (action === "FailIndex") {
    if (spec.backoffLimitPerIndex == null) errs.push(fieldErrors.invalid(actionPath, action, "requires the backoffLimitPerIndex to be set"));
  } else if (!actions.includes(action)) {
    errs.push(fieldErrors.notSupported(actionPath, action, actions));
  }
  const patterns = rule.onPodConditions ?? [];
  if (rule.onExitCodes) errs.push(...validateOnExitCodes(rule.onExitCodes, p.child("onExitCodes"), { containerNames }));
  if (patterns.length > 0) errs.push(...validateOnPodConditions(patterns, p.child("onPodConditions")));
  if (rule.onExitCodes && patterns.length > 0) {
    errs.push(fieldErrors.invalid(p, omitValue, "specifying both OnExitCodes and OnPodConditions is not supported"));
  }
  if (!rule.onExitCodes && patterns.length === 0) {
    errs.push(fieldErrors.invalid(p, omitValue, "specifying one of OnExitCodes and OnPodConditions is required"));
  }
  return errs;
}

function validateOnPodConditions(patterns: readonly PodFailurePolicyOnPodConditionsPattern[], p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (patterns.length > maxConditionPatterns) errs.push(fieldErrors.tooMany(p, patterns.length, maxConditionPatterns));
  patterns.forEach((pattern, j) => {
    const at = p.index(j);
    errs.push(...validateQualifiedName(pattern.type ?? "", at.child("type")));
    const status = pattern.status ?? "";
    if (status === "") errs.push(fieldErrors.required(at.child("status"), `valid values: ${goQuotedList(conditionStatuses)}`));
    else if (!conditionStatuses.includes(status)) errs.push(fieldErrors.notSupported(at.child("status"), status, conditionStatuses));
  });
  return errs;
}

function validateOnExitCodes(
  req: PodFailurePolicyOnExitCodesRequirement,
  p: FieldPath,
  { containerNames }: Pick<RuleContext, "containerNames">,
): FieldError[] {
  const errs: FieldError[] = [];
  const operator = req.operator ?? "";
  if (operator === "") errs.push(fieldErrors.required(p.child("operator"), `valid values: ${goQuotedList(operators)}`));
  else if (!operators.includes(operator)) errs.push(fieldErrors.notSupported(p.child("operator"), operator, operators));
  if (req.containerName != null && !containerNames.has(req.containerName)) {
    errs.push(fieldErrors.invalid(p.child("containerName"), req.containerName, "must be one of the container or initContainer names in the pod template"));
  }
  const valuesPath = p.child("values");
  const values = req.values;
  if (values === undefined || values.length === 0) {
    errs.push(fieldErrors.invalid(valuesPath, goInt32Slice(values), "at least one value is required"));
  } else if (values.length > maxExitCodeValues) {
    errs.push(fieldErrors.tooMany(valuesPath, values.length, maxExitCodeValues));
  }
  const seen = new Set<number>();
  let ordered = true;
  (values ?? []).forEach((v, j) => {
    if (operator === "In" && v === 0) errs.push(fieldErrors.invalid(valuesPath.index(j), v, "must not be 0 for the In operator"));
    if (seen.has(v)) errs.push(fieldErrors.duplicate(valuesPath.index(j), v));
    seen.add(v);
    if (j > 0 && values![j - 1]! > v) ordered = false;
  });
  if (!ordered) errs.push(fieldErrors.invalid(valuesPath, goInt32Slice(values), "must be ordered"));
  return errs;
}
