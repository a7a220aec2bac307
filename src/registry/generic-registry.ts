import { clone, type KubeList, type KubeObject, type Stored } from "../api/object.js";
import type { DeleteOptions, ListOptions, PatchType, ResourceRef, WatchEvent, WatchOptions, WriteOptions } from "../api/options.js";
import type { ResourceTable } from "../api/resource-table.js";
import { apiErrors, isNotFound, StatusError } from "../api/status.js";
import type { Store } from "../store/store.js";
import { KeyExistsError } from "../store/store.js";
import type { Clock } from "../util/clock.js";
import { admitCreate, defaulted } from "./admission.js";
import { checkNameMatchesUrl, decodeBody, ensureNamespace } from "./body-checks.js";
import { encode, toServed } from "./codec.js";
import { deleteObject } from "./delete-path.js";
import { objectKey } from "./keys.js";
import { listObjects } from "./list.js";
import type { NamespaceCache } from "./namespace-cache.js";
import { checkNamespaceForCreate, namespaceCacheFor } from "./namespace-lifecycle.js";
import { patchObject } from "./patch-path.js";
import type {
  GetOptions,
  Registry,
  RegistryDeleteResult,
  RegistryPatchOptions,
  RegistryUpdateOptions,
  RegistryWatch,
  RequestContext,
  WriteResult,
} from "./registry.js";
import { newRequestContext } from "./registry.js";
import { resolve, type Resolved } from "./resolve.js";
import { decodeScale, toScale } from "./scale.js";
import { patchedScale, writeScale } from "./scale-path.js";
import { reportingWrites } from "./reporting-store.js";
import { postSubresource } from "./subresource-post.js";
import { applyGenerateName } from "./system-fields.js";
import { storedObject } from "./stored-object.js";
import { EventDecoder } from "./watch-decoder.js";
import { watchObjects } from "./watch.js";
import { withRevision, writeObject, type WriteDeps, type WriteRequest } from "./write-path.js";

export interface RegistryDeps {
  readonly store: Store;
  readonly resources: ResourceTable;
  readonly clock: Clock;
}

/** upstream's maxNameGenerationCreateAttempts: tries at a generated name before giving up. */
const generateNameAttempts = 8;

/** The generic registry over a store: every served resource through one pipeline. */
export function createRegistry(deps: RegistryDeps): Registry {
  return new GenericRegistry(deps);
}

class GenericRegistry implements Registry {
  readonly resources: ResourceTable;
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly decoder = new EventDecoder();
  private readonly writeDeps: WriteDeps;
  private readonly namespaces: NamespaceCache | undefined;

  constructor(deps: RegistryDeps) {
    const namespaces = namespaceCacheFor(deps.store, deps.resources);
    // the registry's own namespace writes reach the cache before its watch delivers them
    this.store = namespaces ? reportingWrites(deps.store, namespaces.writeReport()) : deps.store;
    this.namespaces = namespaces;
    this.resources = deps.resources;
    this.clock = deps.clock;
    this.writeDeps = { store: this.store, table: deps.resources, clock: deps.clock, namespaces, decoded: this.decoder };
  }

  async get(r: ResourceRef, namespace: string | undefined, name: string, options: GetOptions = {}): Promise<Stored> {
    const res = resolve(this.resources, r);
    if (options.subresource === "scale" && !res.strategy.scale) throw apiErrors.notFound(res.gr, name);
    const obj = await this.read(res, namespace, name);
    return options.subresource === "scale" ? toScale(res, obj) : toServed(res, obj);
  }

  list(r: ResourceRef, namespace: string | undefined, options: ListOptions = {}): Promise<KubeList<Stored>> {
    return listObjects(this.store, resolve(this.resources, r), namespace, options);
  }

  async create(r: ResourceRef, namespace: string | undefined, body: unknown, options: WriteOptions = {}, ctx = newRequestContext()): Promise<Stored> {
    const res = resolve(this.resources, r);
    const obj = decodeBody(res, this.resources, body);
    ensureNamespace(res, obj, namespace);
    const storageObj = defaulted(res, obj);
    await checkNamespaceForCreate(this.namespaces, { res, namespace, name: obj.metadata?.name ?? "" });
    const generating = !storageObj.metadata?.name && Boolean(storageObj.metadata?.generateName);
    for (let attempt = 1; ; attempt++) {
      // only a generated name is retried, and each try needs the object as it was before admission
      const candidate = generating ? clone(storageObj) : storageObj;
      const generated = applyGenerateName(candidate);
      try {
        return await this.createOnce(res, candidate, { namespace, options, ctx });
      } catch (err) {
        if (!(generated && isAlreadyExists(err))) throw err;
        if (attempt >= generateNameAttempts) throw generateNameTimeout(res);
      }
    }
  }

  private async createOnce(
    res: Resolved,
    obj: KubeObject,
    req: { namespace: string | undefined; options: WriteOptions; ctx: RequestContext },
  ): Promise<Stored> {
    const { options, ctx } = req;
    const fm = options.fieldManager === undefined ? {} : { fieldManager: options.fieldManager };
    const admitted = admitCreate(res, obj, { now: this.clock.now(), ctx, ...fm }) as Stored;
    const name = admitted.metadata.name;
    const key = objectKey(res.served.info, req.namespace, name);
    if (options.dryRun) {
      if (await this.store.get(key)) throw apiErrors.alreadyExists(res.gr, name);
      return toServed(res, admitted);
    }
    try {
      const revision = await this.store.create(key, encode(admitted));
      return toServed(res, withRevision(admitted, revision));
    } catch (err) {
      if (err instanceof KeyExistsError) throw apiErrors.alreadyExists(res.gr, name);
      throw err;
    }
  }

  async update(
    r: ResourceRef,
    namespace: string | undefined,
    name: string,
    body: unknown,
    options: RegistryUpdateOptions = {},
    ctx = newRequestContext(),
  ): Promise<WriteResult> {
    const res = resolve(this.resources, r);
    if (options.subresource === "scale") {
      return writeScale(this.writeDeps, this.writeRequest(res, { namespace, name, options, ctx }), () => decodeScale(body, name));
    }
    const obj = decodeBody(res, this.resources, body);
    checkNameMatchesUrl(obj, name, namespace);
    ensureNamespace(res, obj, namespace);
    const req = this.writeRequest(res, { namespace, name, options, ctx });
    const allowCreate = res.strategy.allowCreateOnUpdate === true;
    return writeObject(this.writeDeps, { ...req, allowCreate }, bodyForEachAttempt(obj, allowCreate));
  }

  async patch(
    r: ResourceRef,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    options: RegistryPatchOptions = {},
    ctx = newRequestContext(),
  ): Promise<WriteResult> {
    const res = resolve(this.resources, r);
    const req = this.writeRequest(res, { namespace, name, options, ctx });
    if (options.subresource === "scale") return writeScale(this.writeDeps, req, patchedScale(type, patch, name));
    return patchObject(this.writeDeps, req, { type, patch, options });
  }

  async delete(
    r: ResourceRef,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
  ): Promise<RegistryDeleteResult> {
    const res = resolve(this.resources, r);
    const key = objectKey(res.served.info, namespace, name);
    return deleteObject(this.writeDeps, { res, key, name }, options);
  }

  async deleteCollection(
    r: ResourceRef,
    namespace: string | undefined,
    listOptions: ListOptions,
    deleteOptions: DeleteOptions,
  ): Promise<KubeList<Stored>> {
    const list = await this.list(r, namespace, { ...listOptions, limit: 0 });
    const items: Stored[] = [];
    for (const item of list.items) {
      try {
        const result = await this.delete(r, item.metadata.namespace, item.metadata.name, deleteOptions);
        items.push(result.object);
      } catch (err) {
        // deleted meanwhile by someone else: nothing left to do for it
        if (!isNotFound(err)) throw err;
      }
    }
    return { ...list, metadata: { resourceVersion: list.metadata.resourceVersion }, items };
  }

  async createSubresource(
    r: ResourceRef,
    namespace: string | undefined,
    name: string,
    subresource: "binding" | "eviction",
    body: unknown,
    ctx = newRequestContext(),
  ): Promise<unknown> {
    const res = resolve(this.resources, r);
    const key = objectKey(res.served.info, namespace, name);
    return postSubresource(this.writeDeps, { res, key, name, subresource, body, ctx });
  }

  watch(
    r: ResourceRef,
    namespace: string | undefined,
    options: WatchOptions,
    onEvent: (event: WatchEvent<Stored>) => void,
  ): Promise<RegistryWatch> {
    const res = resolve(this.resources, r);
    return watchObjects({ store: this.store, clock: this.clock, decoder: this.decoder }, { res, namespace }, options, onEvent);
  }

  private async read(res: Resolved, namespace: string | undefined, name: string): Promise<Stored> {
    const kv = await this.store.get(objectKey(res.served.info, namespace, name));
    if (!kv) throw apiErrors.notFound(res.gr, name);
    return storedObject(kv, this.decoder);
  }

  private writeRequest(
    res: Resolved,
    target: { namespace: string | undefined; name: string; options: RegistryUpdateOptions; ctx: RequestContext },
  ): WriteRequest {
    const { options } = target;
    return {
      res,
      key: objectKey(res.served.info, target.namespace, target.name),
      namespace: target.namespace,
      name: target.name,
      ctx: target.ctx,
      ...(options.dryRun ? { dryRun: true } : {}),
      ...(options.fieldManager === undefined ? {} : { fieldManager: options.fieldManager }),
      ...(options.subresource && options.subresource !== "scale" ? { subresource: options.subresource } : {}),
    };
  }
}

/**
 * The body for each attempt of an update. Admission changes the body it is given, so a retry
 * after a lost race starts from a copy; but a body carrying a resourceVersion never gets as far
 * on a retry (the object changed since: 409), so its one attempt may have the body itself.
 */
function bodyForEachAttempt(obj: KubeObject, allowCreate: boolean): () => KubeObject {
  if (!obj.metadata?.resourceVersion || allowCreate) return () => clone(obj);
  return () => obj;
}

function isAlreadyExists(err: unknown): boolean {
  return err instanceof StatusError && err.reason === "AlreadyExists";
}

/** upstream's NewServerTimeoutForKind after every generated name collided. */
function generateNameTimeout(res: Resolved): StatusError {
  return new StatusError({
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: `The POST operation against ${res.gk.group ? `${res.gk.kind}.${res.gk.group}` : res.gk.kind} could not be completed at this time, please try again.`,
    reason: "ServerTimeout",
    details: { name: "POST", ...(res.gk.group ? { group: res.gk.group } : {}), kind: res.gk.kind, retryAfterSeconds: 0 },
    code: 500,
  });
}
