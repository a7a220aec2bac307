import type { KubeList, KubeObject, Stored } from "../api/object.js";
import type { DeleteOptions, ListOptions, PatchType, ResourceRef, WatchEvent, WatchOptions, WriteOptions } from "../api/options.js";
import type { ResourceTable } from "../api/resource-table.js";
import { apiVersionOf } from "../api/resource.js";
import { apiErrors, isNotFound, StatusError } from "../api/status.js";
import type { Store } from "../store/store.js";
import { KeyExistsError } from "../store/store.js";
import { type Clock, rfc3339 } from "../util/clock.js";
import { admitCreate, defaulted } from "./admission.js";
import { applyConfiguration } from "./apply/index.js";
import { checkNameMatchesUrl, decodeBody, ensureNamespace } from "./body-checks.js";
import { decode, encode, toServed } from "./codec.js";
import { deleteObject } from "./delete-path.js";
import { objectKey } from "./keys.js";
import { listObjects } from "./list.js";
import { checkNamespaceForCreate } from "./namespace-lifecycle.js";
import { applyPatch } from "./patch/index.js";
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
import { postSubresource } from "./subresource-post.js";
import { applyGenerateName } from "./system-fields.js";
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

  constructor(deps: RegistryDeps) {
    this.store = deps.store;
    this.resources = deps.resources;
    this.clock = deps.clock;
    this.writeDeps = { store: deps.store, table: deps.resources, clock: deps.clock };
  }

  async get(r: ResourceRef, namespace: string | undefined, name: string, options: GetOptions = {}): Promise<Stored> {
    const res = resolve(this.resources, r);
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
    await checkNamespaceForCreate(this.store, this.resources, { res, namespace, name: obj.metadata?.name ?? "" });
    const generating = !storageObj.metadata?.name && Boolean(storageObj.metadata?.generateName);
    for (let attempt = 1; ; attempt++) {
      // only a generated name is retried, and each try needs the object as it was before admission
      const candidate = generating ? structuredClone(storageObj) : storageObj;
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
    if (options.subresource === "scale") return this.writeScale(res, { namespace, name, options, ctx }, () => decodeScale(body, name));
    const obj = decodeBody(res, this.resources, body);
    checkNameMatchesUrl(obj, name, namespace);
    ensureNamespace(res, obj, namespace);
    const req = this.writeRequest(res, { namespace, name, options, ctx });
    return writeObject(this.writeDeps, { ...req, allowCreate: res.strategy.allowCreateOnUpdate === true }, () => structuredClone(obj));
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
    const target = { namespace, name, options, ctx };
    if (options.subresource === "scale") return this.writeScale(res, target, (scale) => patchScale(scale, type, patch, name));
    const req = this.writeRequest(res, target);
    const info = res.served.info;
    const apiVersion = apiVersionOf(info);
    if (type === "apply") {
      if (!options.fieldManager) throw fieldManagerRequired();
      return writeObject(this.writeDeps, { ...req, allowCreate: options.subresource === undefined }, (current) => {
        const live = current === undefined ? undefined : toServed(res, current);
        const applied = applyConfiguration(live, patch, {
          manager: options.fieldManager!,
          apiVersion,
          kind: info.kind,
          time: rfc3339(this.clock.now()),
          ...(options.force ? { force: true } : {}),
          ...(options.subresource ? { subresource: options.subresource } : {}),
        });
        return this.checkedPatchResult(res, applied.object, { namespace, name });
      });
    }
    return writeObject(this.writeDeps, req, (current) => {
      const patched = applyPatch(toServed(res, current!) as unknown as Record<string, unknown>, patch, { type, apiVersion, kind: info.kind });
      return this.checkedPatchResult(res, patched, { namespace, name });
    });
  }

  private checkedPatchResult(res: Resolved, patched: unknown, target: { namespace: string | undefined; name: string }): KubeObject {
    const obj = decodeBody(res, this.resources, patched);
    checkNameMatchesUrl(obj, target.name, target.namespace);
    ensureNamespace(res, obj, target.namespace);
    return obj;
  }

  /** GET-modify-PUT of the scale subresource: the Scale's replicas go into the object through the update path. */
  private async writeScale(
    res: Resolved,
    target: { namespace: string | undefined; name: string; options: RegistryUpdateOptions; ctx: RequestContext },
    scaleOf: (current: Stored) => KubeObject & { spec?: { replicas?: number } },
  ): Promise<WriteResult> {
    const mapping = res.strategy.scale;
    if (!mapping) throw apiErrors.notFound(res.gr, target.name);
    const req = this.writeRequest(res, { ...target, options: { ...target.options, subresource: undefined } });
    const result = await writeObject(this.writeDeps, { ...req, subresource: "scale" }, (current) => {
      const stored = current!;
      const scale = scaleOf(toScale(res, stored));
      const rv = scale.metadata?.resourceVersion;
      const updated = mapping.withReplicas(stored, scale.spec?.replicas ?? 0) as Stored;
      if (!rv) delete (updated.metadata as { resourceVersion?: string }).resourceVersion;
      else updated.metadata.resourceVersion = rv;
      return toServed(res, updated);
    });
    return { object: toScale(res, await this.asStorage(res, result.object)), created: false };
  }

  private async asStorage(res: Resolved, served: Stored): Promise<Stored> {
    if (!res.served.converter) return served;
    return this.read(res, served.metadata.namespace, served.metadata.name);
  }

  async delete(
    r: ResourceRef,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
  ): Promise<RegistryDeleteResult> {
    const res = resolve(this.resources, r);
    const key = objectKey(res.served.info, namespace, name);
    return deleteObject({ store: this.store, clock: this.clock }, { res, key, name }, options);
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
    const deps = { store: this.store, clock: this.clock };
    return postSubresource(deps, { res, key, name, subresource, body, ctx });
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
    return decode(kv);
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
      ...(options.subresource ? { subresource: options.subresource } : {}),
    };
  }
}

function patchScale(scale: Stored, type: PatchType, patch: unknown, name: string): KubeObject {
  if (type === "apply") throw apiErrors.badRequest("server-side apply is not supported on the scale subresource");
  const patched = applyPatch(scale as unknown as Record<string, unknown>, patch, { type, apiVersion: "autoscaling/v1", kind: "Scale" });
  return decodeScale(patched, name);
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

function fieldManagerRequired(): StatusError {
  return apiErrors.invalid({ group: "meta.k8s.io", kind: "PatchOptions" }, "", [
    { type: "FieldValueRequired", field: "fieldManager", badValue: "", detail: "is required for apply requests" },
  ]);
}
