import type { StatefulSet } from "kubernetes-types/apps/v1.js";
import type { PersistentVolumeClaim, Pod } from "kubernetes-types/core/v1.js";
import { objectKey, type Stored } from "../../api/object.js";
import { refs } from "../../api/refs.js";
import { isAlreadyExists, isNotFound } from "../../api/status.js";
import type { Client } from "../../client/client.js";
import type { UIDTrackingExpectations } from "../../client/expectations.js";
import { deleteWithUid } from "../runtime/delete-with-uid.js";
import type { EventRecorder } from "../runtime/event-recorder.js";
import { updateWithRetry } from "../runtime/retry-on-conflict.js";
import { claimOwnerRefs, hasUnexpectedController, isClaimOwnerUpToDate, podRefOf } from "./claims.js";
import { aggregate, errorText, recordClaimEvent, recordPodEvent } from "./events.js";
import { identityMatches, storageMatches, updateIdentity, updateStorage } from "./identity.js";
import type { Action } from "./plan-types.js";

export interface PodControlOptions {
  readonly client: Client;
  readonly recorder: EventRecorder;
  readonly set: Stored<StatefulSet>;
  readonly expectations: UIDTrackingExpectations;
  /** The set's queue key, under which creations and deletions are expected. */
  readonly key: string;
}

/**
 * upstream's StatefulPodControl: carries out one planned action, recording upstream's events.
 * Creations and deletions were expected by the caller; one that fails is un-expected here.
 */
export class PodControl {
  constructor(private readonly o: PodControlOptions) {}

  run(action: Action): Promise<void> {
    switch (action.type) {
      case "createPod":
        return this.createPod(action.pod, action.claims);
      case "createClaims":
        return this.createClaims(action.pod, action.claims).then((err) => {
          if (err) throw err;
        });
      case "deletePod":
        return this.deletePod(action.pod);
      case "updatePod":
        return this.updatePod(action.pod);
      case "updateClaim":
        return this.updateClaim(action.claim, action.pod);
    }
  }

  /** An action that will not run: what it was expected to do will not be seen. */
  skip(action: Action): void {
    if (action.type === "createPod") this.o.expectations.creationObserved(this.o.key);
    if (action.type === "deletePod") this.o.expectations.deletionOfObserved(this.o.key, objectKey(action.pod));
  }

  /** Creates the claims that do not exist; the aggregate of the failures, if any. */
  private async createClaims(pod: Pod, claims: readonly PersistentVolumeClaim[]): Promise<Error | undefined> {
    const errors: Error[] = [];
    for (const claim of claims) {
      const name = claim.metadata?.name ?? "";
      try {
        await this.o.client.create(refs.persistentVolumeClaims, claim);
        recordClaimEvent(this.o.recorder, this.o.set, { verb: "create", pod, claim: name });
      } catch (err) {
        if (isAlreadyExists(err)) continue;
        errors.push(new Error(`failed to create PVC ${name}: ${errorText(err)}`, { cause: err }));
        recordClaimEvent(this.o.recorder, this.o.set, { verb: "create", pod, claim: name, err });
      }
    }
    return aggregate(errors);
  }

  /** upstream's CreateStatefulPod: claims first, then the pod. */
  private async createPod(pod: Pod, claims: readonly PersistentVolumeClaim[]): Promise<void> {
    const claimErr = await this.createClaims(pod, claims);
    if (claimErr) {
      this.skip({ type: "createPod", stage: "replicas", pod, claims });
      recordPodEvent(this.o.recorder, this.o.set, { verb: "create", pod, err: claimErr });
      throw claimErr;
    }
    try {
      await this.o.client.create(refs.pods, pod);
    } catch (err) {
      this.o.expectations.creationObserved(this.o.key);
      if (!isAlreadyExists(err)) recordPodEvent(this.o.recorder, this.o.set, { verb: "create", pod, err });
      throw err;
    }
    recordPodEvent(this.o.recorder, this.o.set, { verb: "create", pod });
  }

  /** Deletes exactly the pod planned on (UID precondition); one already gone is not an error. */
  private async deletePod(pod: Stored<Pod>): Promise<void> {
    try {
      const result = await deleteWithUid({ client: this.o.client, ref: refs.pods, object: pod });
      if (result === undefined) {
        this.o.expectations.deletionOfObserved(this.o.key, objectKey(pod));
        return;
      }
    } catch (err) {
      this.o.expectations.deletionOfObserved(this.o.key, objectKey(pod));
      recordPodEvent(this.o.recorder, this.o.set, { verb: "delete", pod, err });
      throw err;
    }
    recordPodEvent(this.o.recorder, this.o.set, { verb: "delete", pod });
  }

  /** upstream's UpdateStatefulPod: identity and storage restored on the latest pod, retried on 409. */
  private async updatePod(pod: Stored<Pod>): Promise<void> {
    const set = this.o.set;
    try {
      await updateWithRetry<Pod>({ client: this.o.client, ref: refs.pods, object: pod }, (latest) => {
        if (identityMatches(set, latest) && storageMatches(set, latest)) return undefined;
        updateIdentity(set, latest);
        updateStorage(set, latest);
        return latest;
      }, { fromCache: true });
    } catch (err) {
      recordPodEvent(this.o.recorder, set, { verb: "update", pod, err });
      throw err;
    }
    recordPodEvent(this.o.recorder, set, { verb: "update", pod });
  }

  /** upstream's UpdatePodClaimForRetentionPolicy for one claim. */
  private async updateClaim(claim: Stored<PersistentVolumeClaim>, pod: Pod): Promise<void> {
    const set = this.o.set;
    const ref = podRefOf(pod);
    const name = claim.metadata.name;
    if (hasUnexpectedController(claim, set, ref)) {
      const msg = `PersistentVolumeClaim ${name} has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim`;
      this.o.recorder.event(set, "Warning", "ConflictingController", msg);
    }
    try {
      await updateWithRetry<PersistentVolumeClaim>({ client: this.o.client, ref: refs.persistentVolumeClaims, object: claim }, (latest) => {
        if (isClaimOwnerUpToDate(latest, set, ref)) return undefined;
        latest.metadata.ownerReferences = claimOwnerRefs(latest, set, ref);
        return latest;
      }, { fromCache: true });
    } catch (err) {
      if (isNotFound(err)) return;
      const wrapped = new Error(`could not update claim ${name} for delete policy ownerRefs: ${errorText(err)}`, { cause: err });
      recordPodEvent(this.o.recorder, set, { verb: "update", pod, err: wrapped });
      throw wrapped;
    }
  }
}
