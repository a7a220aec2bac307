import { isDeepStrictEqual } from "node:util";
import type { KubeObject, Stored } from "../api/object.js";
import type { ResourceTable } from "../api/resource-table.js";
import { apiErrors } from "../api/status.js";
import type { Store } from "../store/store.js";
import type { Clock } from "../util/clock.js";
import { admitCreate, admitUpdate, defaulted, type WriteSubresource } from "./admission.js";
import { encode, toServed } from "./codec.js";
import { shouldDeleteDuringUpdate } from "./deletion.js";
import { guaranteedUpdate, type UpdateStep } from "./guaranteed-update.js";
import type { NamespaceCache } from "./namespace-cache.js";
import { checkNamespaceForCreate } from "./namespace-lifecycle.js";
import { staleResourceVersion } from "./preconditions.js";
import { metaOf } from "./system-fields.js";
import type { RequestContext, WriteResult } from "./registry.js";
import type { Resolved } from "./resolve.js";
import { type DecodedObjects, storedObject } from "./stored-object.js";

/** What the write path needs from the registry. */
export interface WriteDeps {
  readonly store: Store;
  readonly table: ResourceTable;
  readonly clock: Clock;
  /** For create admission; undefined when the table serves no namespaces. */
  readonly namespaces: NamespaceCache | undefined;
  /** Objects the watch decoder already holds, to start from instead of decoding again. */
  readonly decoded: DecodedObjects;
}

export interface WriteRequest {
  readonly res: Resolved;
  readonly key: string;
  readonly namespace: string | undefined;
  readonly name: string;
  readonly ctx: RequestContext;
  readonly dryRun?: boolean;
  readonly fieldManager?: string;
  readonly subresource?: WriteSubresource;
  /** PUT may create (upstream AllowCreateOnUpdate, or server-side apply). */
  readonly allowCreate?: boolean;
  /** "Apply" for server-side apply (managedFields already recorded by it). */
  readonly operation?: "Apply";
}

/**
 * The new object for one attempt, in the request's version, from the current stored one
 * (undefined when absent). Called again on every compare-and-swap retry. current is read
 * here and by admission after: a producer copies what it changes, and returns an object
 * of its own (admission changes it).
 */
export type Produce = (current: Readonly<Stored> | undefined) => KubeObject | Promise<KubeObject>;

/** Update, patch and their subresources: one read-modify-write through the admission pipeline. */
export async function writeObject(deps: WriteDeps, req: WriteRequest, produce: Produce): Promise<WriteResult> {
  return guaranteedUpdate(deps.store, req.key, async (kv) => {
    const current = kv ? storedObject(kv, deps.decoded) : undefined;
    if (!current && !(req.allowCreate && req.subresource === undefined)) throw apiErrors.notFound(req.res.gr, req.name);
    const body = await produce(current);
    if (!current) return createStep(deps, req, body);
    return updateStep(deps, req, body, { current, value: kv!.value });
  });
}

async function createStep(deps: WriteDeps, req: WriteRequest, body: KubeObject): Promise<UpdateStep<WriteResult>> {
  const obj = defaulted(req.res, body);
  await checkNamespaceForCreate(deps.namespaces, { res: req.res, namespace: req.namespace, name: req.name });
  const admitted = admitCreate(req.res, obj, { now: deps.clock.now(), ctx: req.ctx, ...manager(req) }) as Stored;
  if (req.dryRun) return { write: "none", result: { object: toServed(req.res, admitted), created: true } };
  return {
    write: "put",
    value: encode(admitted),
    result: (revision) => ({ object: toServed(req.res, withRevision(admitted, revision)), created: true }),
  };
}

function updateStep(deps: WriteDeps, req: WriteRequest, body: KubeObject, stored: { current: Stored; value: string }): UpdateStep<WriteResult> {
  const { res } = req;
  const { current } = stored;
  const bodyRv = body.metadata?.resourceVersion;
  if (bodyRv && bodyRv !== current.metadata.resourceVersion) throw staleResourceVersion(res, req.name);
  // an unconditional update takes the current resourceVersion, as upstream's versioner does
  metaOf(body).resourceVersion = current.metadata.resourceVersion;
  const obj = defaulted(res, body);
  const admitted = admitUpdate(res, obj, current, {
    now: deps.clock.now(),
    ctx: req.ctx,
    ...manager(req),
    ...(req.subresource ? { subresource: req.subresource } : {}),
  }) as Stored;
  const value = encode(admitted);
  admitted.metadata.resourceVersion = current.metadata.resourceVersion;
  const unchanged = sameContent(value, stored.value);
  if (unchanged || req.dryRun) {
    return { write: "none", result: { object: toServed(res, unchanged ? current : admitted), created: false } };
  }
  if (shouldDeleteDuringUpdate(res.strategy, admitted, current)) {
    // the last finalizer of a deleting object is gone: the update completes the deletion
    return { write: "delete", result: (revision) => ({ object: toServed(res, withRevision(admitted, revision)), created: false }) };
  }
  return {
    write: "put",
    value,
    result: (revision) => ({ object: toServed(res, withRevision(admitted, revision)), created: false }),
  };
}

/**
 * Whether an update changes nothing that is stored: the same JSON, or the same value with keys
 * in another order or undefined fields (which JSON drops anyway). Keys in another order keep
 * the text's length, so only JSON of equal length is decoded to be compared.
 */
function sameContent(next: string, stored: string): boolean {
  return next === stored || (next.length === stored.length && isDeepStrictEqual(JSON.parse(next), JSON.parse(stored)));
}

function manager(req: WriteRequest): { fieldManager?: string; operation?: "Apply" } {
  return {
    ...(req.fieldManager === undefined ? {} : { fieldManager: req.fieldManager }),
    ...(req.operation ? { operation: req.operation } : {}),
  };
}

export function withRevision<T extends Stored>(obj: T, revision: number): T {
  obj.metadata.resourceVersion = String(revision);
  return obj;
}
