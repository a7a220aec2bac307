import type { ControllerRevision, StatefulSet } from "kubernetes-types/apps/v1.js";
import { objectKey, type Stored } from "../../api/object.js";
import { refs } from "../../api/refs.js";
import { isAlreadyExists, isNotFound } from "../../api/status.js";
import type { Client } from "../../client/client.js";
import type { UIDTrackingExpectations } from "../../client/expectations.js";
import { semanticEqual } from "../../api/validation/semantic-equal.js";
import type { EventRecorder } from "../runtime/event-recorder.js";
import { updateStatusWithRetry, updateWithRetry } from "../runtime/retry-on-conflict.js";
import { slowStartBatch } from "../runtime/slow-start-batch.js";
import { PodControl } from "./pod-control.js";
import type { RevisionWrite } from "./revision-plan.js";
import { rawData } from "./revisions.js";
import type { Action, StatefulSetPlan, Stage } from "./plan-types.js";
import { currentWaiting } from "./waiting.js";

export interface ApplyOptions {
  readonly client: Client;
  readonly recorder: EventRecorder;
  readonly expectations: UIDTrackingExpectations;
  /** The set's queue key. */
  readonly key: string;
}

/**
 * Writes the update revision first. False when its name is taken by a revision with other data
 * (a hash collision): the caller bumps collisionCount and plans again.
 */
async function writeRevision(client: Client, write: RevisionWrite): Promise<boolean> {
  if (write.type === "renumber") {
    const at = { client, ref: refs.controllerRevisions, object: write.revision as Stored<ControllerRevision> };
    await updateWithRetry<ControllerRevision>(at, (latest) => {
      if (latest.revision === write.to) return undefined;
      latest.revision = write.to;
      return latest;
    });
    return true;
  }
  try {
    await client.create(refs.controllerRevisions, write.revision);
    return true;
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    const meta = write.revision.metadata ?? {};
    const existing = await client.get<ControllerRevision>(refs.controllerRevisions, meta.namespace, meta.name ?? "");
    return rawData(existing) === rawData(write.revision);
  }
}

/** Raises the set's expectations for every pod the actions create or delete. */
function expectWrites(o: ApplyOptions, actions: readonly Action[]): void {
  const deletions = actions.flatMap((a) => (a.type === "deletePod" ? [objectKey(a.pod)] : []));
  o.expectations.expectDeletionsOf(o.key, deletions);
  o.expectations.raise(o.key, { add: actions.filter((a) => a.type === "createPod").length });
}

/** OrderedReady: one at a time, the first failure stops the rest. */
async function runInOrder(control: PodControl, actions: readonly Action[]): Promise<void> {
  for (let i = 0; i < actions.length; i++) {
    try {
      await control.run(actions[i]!);
    } catch (err) {
      for (const skipped of actions.slice(i + 1)) control.skip(skipped);
      throw err;
    }
  }
}

/** Parallel: each stage in slow-start batches; a stage with a failure stops the later ones. */
async function runByStage(control: PodControl, actions: readonly Action[]): Promise<void> {
  const stages: Stage[] = ["replicas", "claims", "condemned", "update"];
  for (let s = 0; s < stages.length; s++) {
    const group = actions.filter((a) => a.stage === stages[s]);
    const result = await slowStartBatch(group.length, (i) => control.run(group[i]!), { initialBatchSize: 1 });
    if (result.error === undefined) continue;
    for (const skipped of group.slice(result.attempted)) control.skip(skipped);
    for (const skipped of actions.filter((a) => stages.indexOf(a.stage) > s)) control.skip(skipped);
    throw result.error;
  }
}

/** Records the Waiting event when what the set waits for changes. */
function recordWaiting(set: Stored<StatefulSet>, plan: StatefulSetPlan, o: ApplyOptions): void {
  const before = currentWaiting(set.status?.conditions);
  if (plan.waiting && (before?.message !== plan.waiting.message || before.reason !== plan.waiting.reason)) {
    o.recorder.event(set, "Normal", plan.waiting.reason, plan.waiting.message);
  }
}

/**
 * Carries a plan out, as upstream's UpdateStatefulSet does its work: the update revision, then the
 * pod and claim actions (in order, or by stage under Parallel), then the status (written even when
 * an action failed), then the history beyond its limit. Throws the first failure afterwards.
 */
export async function applyPlan(set: Stored<StatefulSet>, plan: StatefulSetPlan, o: ApplyOptions): Promise<void> {
  const write = plan.revisions.write;
  if (write && !(await writeRevision(o.client, write))) {
    const collisionCount = plan.revisions.collisionCount + 1;
    await updateStatusWithRetry<StatefulSet>({ client: o.client, ref: refs.statefulSets, object: set }, { ...set.status, replicas: set.status?.replicas ?? 0, collisionCount });
    throw new Error(`controller revision ${write.revision.metadata?.name} exists with other data: collisionCount raised to ${collisionCount}`);
  }
  const control = new PodControl({ ...o, set });
  expectWrites(o, plan.actions);
  let failure: unknown;
  try {
    if (set.spec?.podManagementPolicy === "Parallel") await runByStage(control, plan.actions);
    else await runInOrder(control, plan.actions);
  } catch (err) {
    failure = err;
  }
  if (!semanticEqual(plan.status, set.status)) await updateStatusWithRetry<StatefulSet>({ client: o.client, ref: refs.statefulSets, object: set }, plan.status);
  recordWaiting(set, plan, o);
  for (const cr of plan.truncate) {
    await o.client.delete(refs.controllerRevisions, cr.metadata.namespace, cr.metadata.name).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }
  if (failure !== undefined) throw failure;
}
