import type { PodFailurePolicy, PodFailurePolicyOnExitCodesRequirement, PodFailurePolicyOnPodConditionsPattern } from "kubernetes-types/batch/v1.js";
import type { ContainerStatus, Pod, PodCondition } from "kubernetes-types/core/v1.js";

export type PodFailurePolicyAction = "FailJob" | "FailIndex" | "Ignore" | "Count";

/** What a failed pod's match against the pod failure policy means. */
export interface PolicyMatch {
  /** The Job failure message, when a FailJob rule matched. */
  readonly failJobMessage?: string;
  /** Whether the failure counts toward backoffLimit (and backoffLimitPerIndex): not for Ignore. */
  readonly countFailed: boolean;
  /** The action of the rule that matched, if one did. */
  readonly action?: PodFailurePolicyAction;
}

const noMatch: PolicyMatch = { countFailed: true };

/** matchPodFailurePolicy: the first rule (in order) the failed pod matches decides. */
export function matchPodFailurePolicy(policy: PodFailurePolicy | undefined, pod: Pod): PolicyMatch {
  if (!policy) return noMatch;
  const { namespace = "", name = "" } = pod.metadata ?? {};
  for (const [index, rule] of policy.rules.entries()) {
    const action = rule.action as PodFailurePolicyAction;
    if (rule.onExitCodes) {
      const container = matchOnExitCodes(pod, rule.onExitCodes);
      if (!container) continue;
      const exitCode = container.state?.terminated?.exitCode ?? 0;
      const message = `Container ${container.name} for pod ${namespace}/${name} failed with exit code ${exitCode} matching ${action} rule at index ${index}`;
      const decided = decide(action, message);
      if (decided) return decided;
    } else if (rule.onPodConditions) {
      const condition = matchOnPodConditions(pod, rule.onPodConditions);
      if (!condition) continue;
      const decided = decide(action, `Pod ${namespace}/${name} has condition ${condition.type} matching ${action} rule at index ${index}`);
      if (decided) return decided;
    }
  }
  return noMatch;
}

function decide(action: PodFailurePolicyAction, failJobMessage: string): PolicyMatch | undefined {
  switch (action) {
    case "Ignore":
      return { countFailed: false, action };
    case "FailIndex":
    case "Count":
      return { countFailed: true, action };
    case "FailJob":
      return { failJobMessage, countFailed: true, action };
    default:
      return undefined;
  }
}

/** matchOnExitCodes: a terminated, non-zero container (app containers first, then init ones) the requirement matches. */
function matchOnExitCodes(pod: Pod, requirement: PodFailurePolicyOnExitCodesRequirement): ContainerStatus | undefined {
  return matchingContainer(pod.status?.containerStatuses, requirement) ?? matchingContainer(pod.status?.initContainerStatuses, requirement);
}

function matchingContainer(statuses: readonly ContainerStatus[] | undefined, requirement: PodFailurePolicyOnExitCodesRequirement): ContainerStatus | undefined {
  return (statuses ?? []).find((s) => {
    const terminated = s.state?.terminated;
    if (!terminated || terminated.exitCode === 0) return false;
    if (requirement.containerName != null && requirement.containerName !== s.name) return false;
    return exitCodeMatches(terminated.exitCode, requirement);
  });
}

function exitCodeMatches(exitCode: number, requirement: PodFailurePolicyOnExitCodesRequirement): boolean {
  if (requirement.operator === "In") return requirement.values.includes(exitCode);
  if (requirement.operator === "NotIn") return !requirement.values.includes(exitCode);
  return false;
}

/** matchOnPodConditions: the first of the pod's conditions that some pattern matches (type and status). */
function matchOnPodConditions(pod: Pod, patterns: readonly PodFailurePolicyOnPodConditionsPattern[]): PodCondition | undefined {
  return (pod.status?.conditions ?? []).find((c) => patterns.some((p) => p.type === c.type && p.status === c.status));
}
