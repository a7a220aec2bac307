import type { ControllerRevision, StatefulSet } from "kubernetes-types/apps/v1.js";
import type { PersistentVolumeClaim, Pod } from "kubernetes-types/core/v1.js";
import { controllerRef, type Stored } from "../../api/object.js";
import type { Lister } from "../../client/lister.js";
import type { LabelSelector } from "../../util/labels.js";
import { decideOwnership, type Ownership } from "./ownership.js";
import type { Observed } from "./plan-types.js";

/** The caches the controller reads. */
export interface Listers {
  readonly sets: Lister<StatefulSet>;
  readonly pods: Lister<Pod>;
  readonly claims: Lister<PersistentVolumeClaim>;
  readonly revisions: Lister<ControllerRevision>;
}

/** Claim names a set's templates produce end in "-<set>-<ordinal>". */
function claimOfSet(setName: string): (claim: Stored<PersistentVolumeClaim>) => boolean {
  const suffix = `-${setName}-`;
  return (claim) => {
    const name = claim.metadata.name;
    const at = name.lastIndexOf(suffix);
    return at > 0 && /^\d+$/.test(name.slice(at + suffix.length));
  };
}

/**
 * What one set's plan needs from the caches: the pods it controls or could adopt (orphans its
 * selector matches), its claims, its revisions, and who should own what.
 */
export function observe(set: Stored<StatefulSet>, selector: LabelSelector, listers: Listers): { observed: Observed; ownership: Ownership } {
  const namespace = set.metadata.namespace;
  const orphan = (obj: Stored): boolean => controllerRef(obj) === undefined;
  const pods = [
    ...listers.pods.byController(set.metadata.uid),
    ...listers.pods.list({ ...(namespace ? { namespace } : {}), where: (p) => orphan(p) && selector.matches(p.metadata.labels) }),
  ];
  const revisions = listers.revisions.list({
    ...(namespace ? { namespace } : {}),
    where: (r) => (orphan(r) || controllerRef(r)?.uid === set.metadata.uid) && selector.matches(r.metadata.labels),
  });
  const ownership = decideOwnership(set, selector, { pods, revisions });
  const claims = listers.claims.list({ ...(namespace ? { namespace } : {}), where: claimOfSet(set.metadata.name) });
  return {
    observed: { set, pods: ownership.owned, claims: new Map(claims.map((c) => [c.metadata.name, c])), revisions: ownership.revisions },
    ownership,
  };
}
