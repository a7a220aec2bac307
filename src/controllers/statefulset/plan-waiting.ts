import type { Pod } from "kubernetes-types/core/v1.js";
import { nextToCreate, nextToDelete, type PlanContext } from "./plan-context.js";
import type { Block } from "./plan-types.js";
import { nextToUpdate } from "./plan-update.js";
import { notReadyReason } from "./pod-state.js";
import { type Hold, holdOf, untilOf, type Waiting } from "./waiting.js";

function nameOf(pod: Pod): string {
  return pod.metadata?.name ?? "";
}

/** The hold a block amounts to, and the pod as it will be seen (a pod just created is Pending). */
function holdAndPod(block: Block): { hold: Hold; pod: Pod } {
  switch (block.hold) {
    case "justCreated":
      return { hold: "notReady", pod: { ...block.pod, status: { phase: "Pending" } } };
    case "justDeleted":
      return { hold: "terminating", pod: block.pod };
    case "staleClaim":
    case "claimTerminating":
    case "unavailable":
      return { hold: "notReady", pod: block.pod };
    default:
      return { hold: block.hold, pod: block.pod };
  }
}

/** For a pod holding things back: the step it holds (create, delete, update), worded. */
function heldStep(ctx: PlanContext, held: { block: Block; hold: Hold; pod: Pod }): Waiting | undefined {
  const { block, hold, pod } = held;
  const who = nameOf(pod);
  const until = untilOf(hold, ctx.minReadySeconds);
  const slot = ctx.replicas.indexOf(block.pod);
  const create = block.stage === "replicas" ? nextToCreate(ctx, slot) : undefined;
  if (create) return { reason: "CreationHeld", message: `waiting for ${who} ${until} before creating ${nameOf(create)}` };
  const remove = block.stage !== "update" ? nextToDelete(ctx, block.pod) : undefined;
  if (remove) return { reason: "ScaleDownHeld", message: `waiting for ${who} ${until} before deleting ${nameOf(remove)}` };
  if (nextToUpdate(ctx, block.pod)) return { reason: "RollingUpdateHeld", message: `rolling update held: ${who} ${holdOf(hold, { pod, minReadySeconds: ctx.minReadySeconds })}` };
  return undefined;
}

/**
 * Beyond upstream: what the set waits for, naming the pod and why, when a block holds a step
 * back. Nothing when the block holds nothing (the last pod coming up, nothing left to change).
 */
export function describeBlock(ctx: PlanContext, block: Block | undefined): Waiting | undefined {
  if (!block) return undefined;
  const claim = block.claim ?? "";
  const pod = nameOf(block.pod);
  if (block.hold === "staleClaim") {
    return { reason: "CreationHeld", message: `waiting for stale PersistentVolumeClaim ${claim} (owned by an earlier ${pod}) to be deleted before creating ${pod}` };
  }
  if (block.hold === "claimTerminating") {
    return { reason: "CreationHeld", message: `waiting for PersistentVolumeClaim ${claim} to finish terminating before creating ${pod}` };
  }
  if (block.hold === "unavailable" && block.unavailable) {
    if (!nextToUpdate(ctx)) return undefined;
    const { count, max } = block.unavailable;
    const what = count === 1 ? "1 pod is" : `${count} pods are`;
    return { reason: "RollingUpdateHeld", message: `rolling update held: ${what} unavailable and maxUnavailable is ${max} (${pod} is not Ready (${notReadyReason(block.pod)}))` };
  }
  const { hold, pod: seen } = holdAndPod(block);
  return heldStep(ctx, { block, hold, pod: seen });
}
