import type { SuccessPolicy } from "kubernetes-types/batch/v1.js";
import { type Intervals, parseIntervals, totalIndexes } from "./intervals.js";

/**
 * matchSuccessPolicy: the message of the first rule the succeeded indexes meet ("Matched rules at
 * index 0"), or undefined. A rule names indexes (all of them, or succeededCount of them, must have
 * succeeded) or only a count of succeeded indexes.
 */
export function matchSuccessPolicy(policy: SuccessPolicy | undefined, input: { completions: number; succeeded: Intervals }): string | undefined {
  const { completions, succeeded } = input;
  if (!policy || succeeded.length === 0) return undefined;
  for (const [index, rule] of policy.rules.entries()) {
    if (rule.succeededIndexes != null) {
      const required = parseIntervals(rule.succeededIndexes, completions);
      if (required.length === 0) continue;
      if (meetsIndexesRule(required, succeeded, rule.succeededCount ?? undefined)) return `Matched rules at index ${index}`;
    } else if (rule.succeededCount != null && totalIndexes(succeeded) >= rule.succeededCount) {
      return `Matched rules at index ${index}`;
    }
  }
  return undefined;
}

/** matchSucceededIndexesRule: how many of the rule's indexes succeeded, against all of them or the count. */
function meetsIndexesRule(rule: Intervals, succeeded: Intervals, succeededCount: number | undefined): boolean {
  let contains = 0;
  let s = 0;
  let r = 0;
  while (r < rule.length && s < succeeded.length) {
    const overlap = Math.min(rule[r]!.last, succeeded[s]!.last) - Math.max(rule[r]!.first, succeeded[s]!.first) + 1;
    if (overlap > 0) contains += overlap;
    if (succeeded[s]!.last < rule[r]!.last) s++;
    else if (succeeded[s]!.last > rule[r]!.last) r++;
    else {
      s++;
      r++;
    }
  }
  return contains === totalIndexes(rule) || (succeededCount !== undefined && contains >= succeededCount);
}
