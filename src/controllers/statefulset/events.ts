import type { StatefulSet } from "kubernetes-types/apps/v1.js";
import type { Pod } from "kubernetes-types/core/v1.js";
import type { EventRecorder } from "../runtime/event-recorder.js";

export type Verb = "create" | "update" | "delete";

const title = (verb: Verb): string => verb[0]!.toUpperCase() + verb.slice(1);

/** The text of an error as Go's %s prints it. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** upstream's recordPodEvent: "create Pod web-0 in StatefulSet web successful" or "… failed error: …". */
export function recordPodEvent(recorder: EventRecorder, set: StatefulSet, what: { verb: Verb; pod: Pod; err?: unknown }): void {
  const pod = what.pod.metadata?.name ?? "";
  const name = set.metadata?.name ?? "";
  if (what.err === undefined) {
    recorder.event(set, "Normal", `Successful${title(what.verb)}`, `${what.verb} Pod ${pod} in StatefulSet ${name} successful`);
  } else {
    recorder.event(set, "Warning", `Failed${title(what.verb)}`, `${what.verb} Pod ${pod} in StatefulSet ${name} failed error: ${errorText(what.err)}`);
  }
}

/** upstream's recordClaimEvent: "create Claim www-web-0 Pod web-0 in StatefulSet web success". */
export function recordClaimEvent(recorder: EventRecorder, set: StatefulSet, what: { verb: Verb; pod: Pod; claim: string; err?: unknown }): void {
  const pod = what.pod.metadata?.name ?? "";
  const name = set.metadata?.name ?? "";
  if (what.err === undefined) {
    recorder.event(set, "Normal", `Successful${title(what.verb)}`, `${what.verb} Claim ${what.claim} Pod ${pod} in StatefulSet ${name} success`);
  } else {
    const msg = `${what.verb} Claim ${what.claim} for Pod ${pod} in StatefulSet ${name} failed error: ${errorText(what.err)}`;
    recorder.event(set, "Warning", `Failed${title(what.verb)}`, msg);
  }
}

/** utilerrors.NewAggregate's message: the one error, or "[a, b]". */
export function aggregate(errors: readonly Error[]): Error | undefined {
  if (errors.length === 0) return undefined;
  if (errors.length === 1) return errors[0];
  return new Error(`[${errors.map((e) => e.message).join(", ")}]`, { cause: errors });
}
