import type { PersistentVolumeClaim, Pod } from "kubernetes-types/core/v1.js";
import type { Stored } from "../../api/object.js";
import { claimOwnerRefs, claimsForPod, isClaimOwnerUpToDate, podRefOf, staleClaim } from "./claims.js";
import { identityMatches, storageMatches } from "./identity.js";
import { ordinalOf } from "./ordinals.js";
import type { PlanContext } from "./plan-context.js";
import type { Block, Stage } from "./plan-types.js";
import { hasEnded, isAvailable, isCreated, isPending, isRunningAndReady, isTerminating } from "./pod-state.js";

/**
 * The claims a pod needs that do not exist, each with the owner references the retention policy
 * gives a claim of a wanted pod; or the name of a claim still being deleted, which holds the pod.
 */
function missingClaims(ctx: PlanContext, pod: Pod): { claims: PersistentVolumeClaim[]; terminating?: string } {
  const claims: PersistentVolumeClaim[] = [];
  const ref = podRefOf(pod);
  for (const claim of claimsForPod(ctx.set, ordinalOf(ref.name)).values()) {
    const name = claim.metadata?.name ?? "";
    const found = ctx.claims.get(name);
    if (found?.metadata.deletionTimestamp) return { claims, terminating: name };
    if (found) continue;
    const refs = claimOwnerRefs(claim, ctx.set, ref);
    if (refs.length > 0) claim.metadata = { ...claim.metadata, ownerReferences: refs };
    claims.push(claim);
  }
  return { claims };
}

/** Claim updates bringing a pod's existing claims in line with the retention policy. */
export function retentionUpdates(ctx: PlanContext, at: { pod: Pod; stage: Stage }): void {
  const { pod, stage } = at;
  const ref = podRefOf(pod);
  for (const claim of claimsForPod(ctx.updateSet, ordinalOf(ref.name)).values()) {
    const found = ctx.claims.get(claim.metadata?.name ?? "");
    if (!found || isClaimOwnerUpToDate(found, ctx.updateSet, ref)) continue;
    ctx.actions.push({ type: "updateClaim", stage, claim: found, pod });
  }
}

/** upstream's processReplica for one wanted slot; a Block when OrderedReady must stop here. */
function processReplica(ctx: PlanContext, pod: Pod): Block | undefined {
  const stage = "replicas";
  if (hasEnded(pod)) {
    const stored = pod as Stored<Pod>;
    if (isTerminating(pod)) return { stage, pod, hold: "terminating" };
    ctx.actions.push({ type: "deletePod", stage, pod: stored, why: "ended" });
    return { stage, pod, hold: "ended" };
  }
  if (!isCreated(pod)) {
    const stale = staleClaim(ctx.set, podRefOf(pod), ctx.claims);
    if (stale) return { stage, pod, hold: "staleClaim", claim: stale };
    const missing = missingClaims(ctx, pod);
    if (missing.terminating) return { stage, pod, hold: "claimTerminating", claim: missing.terminating };
    ctx.actions.push({ type: "createPod", stage, pod, claims: missing.claims });
    return ctx.monotonic ? { stage, pod, hold: "justCreated" } : undefined;
  }
  const stored = pod as Stored<Pod>;
  if (isPending(pod)) {
    const missing = missingClaims(ctx, pod);
    if (missing.claims.length > 0) ctx.actions.push({ type: "createClaims", stage, pod: stored, claims: missing.claims });
  }
  if (ctx.monotonic) {
    if (isTerminating(pod)) return { stage, pod, hold: "terminating" };
    if (!isRunningAndReady(pod)) return { stage, pod, hold: "notReady" };
    if (!isAvailable(pod, ctx)) return { stage, pod, hold: "notAvailable" };
  }
  if (!identityMatches(ctx.updateSet, pod) || !storageMatches(ctx.updateSet, pod)) ctx.actions.push({ type: "updatePod", stage, pod: stored });
  retentionUpdates(ctx, { pod, stage });
  return undefined;
}

/**
 * Stage 1: every wanted slot in ordinal order. Under OrderedReady the first slot that is not
 * Running, Ready and available (or just created) stops everything after it.
 */
export function processReplicas(ctx: PlanContext): Block | undefined {
  for (const pod of ctx.replicas) {
    const block = processReplica(ctx, pod);
    if (block && ctx.monotonic) return block;
  }
  return undefined;
}

/** Stage 2: claims of condemned pods get the owners the retention policy gives scaled-down pods. */
export function fixCondemnedClaims(ctx: PlanContext): void {
  for (const pod of ctx.condemned) retentionUpdates(ctx, { pod, stage: "claims" });
}

/**
 * Stage 3 (upstream's processCondemned), highest ordinal first. OrderedReady deletes one pod at a
 * time, each once the previous is gone, and an unhealthy pod only if it is the first unhealthy one.
 */
export function processCondemned(ctx: PlanContext): Block | undefined {
  const stage = "condemned";
  for (const pod of ctx.condemned) {
    if (isTerminating(pod)) {
      if (ctx.monotonic) return { stage, pod, hold: "terminating" };
      continue;
    }
    if (ctx.monotonic && pod !== ctx.firstUnavailable && ctx.firstUnavailable) {
      if (!isRunningAndReady(pod)) return { stage, pod: ctx.firstUnavailable, hold: "notReady" };
      if (!isAvailable(pod, ctx)) return { stage, pod: ctx.firstUnavailable, hold: "notAvailable" };
    }
    ctx.actions.push({ type: "deletePod", stage, pod, why: "condemned" });
    if (ctx.monotonic) return { stage, pod, hold: "justDeleted" };
  }
  return undefined;
}
