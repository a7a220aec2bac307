import type { ControllerRevision } from "kubernetes-types/apps/v1.js";
import type { SetLike } from "./identity.js";
import { equalRevision, newRevision, nextRevision } from "./revisions.js";

/** A write the revisions need before pods can be made at the update revision. */
export type RevisionWrite =
  | { readonly type: "create"; readonly revision: ControllerRevision }
  /** Rollback to an earlier template: that revision is reused, renumbered to the newest. */
  | { readonly type: "renumber"; readonly revision: ControllerRevision; readonly to: number };

export interface Revisions {
  /** The revision most pods are at; the update revision when the history is new. */
  readonly current: ControllerRevision;
  /** The revision of the set's template now. */
  readonly update: ControllerRevision;
  readonly collisionCount: number;
  readonly write?: RevisionWrite;
}

/**
 * upstream's getStatefulSetRevisions, without its writes: the update revision is the newest one
 * if equal to the template, an earlier equal one renumbered (a rollback), or a new one. Revisions
 * must be sorted.
 */
export function resolveRevisions(set: SetLike, sorted: readonly ControllerRevision[]): Revisions {
  const collisionCount = set.status?.collisionCount ?? 0;
  const candidate = newRevision(set, { revision: nextRevision(sorted), collisionCount });
  const equal = sorted.filter((r) => equalRevision(r, candidate));
  const last = sorted[sorted.length - 1];
  const lastEqual = equal[equal.length - 1];
  let update: ControllerRevision;
  let write: RevisionWrite | undefined;
  if (lastEqual && last && equalRevision(last, lastEqual)) {
    update = last;
  } else if (lastEqual) {
    update = { ...lastEqual, revision: candidate.revision ?? 0 };
    write = { type: "renumber", revision: lastEqual, to: candidate.revision ?? 0 };
  } else {
    update = candidate;
    write = { type: "create", revision: candidate };
  }
  const current = sorted.find((r) => r.metadata?.name === set.status?.currentRevision) ?? update;
  return write ? { current, update, collisionCount, write } : { current, update, collisionCount };
}
