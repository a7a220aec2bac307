import { fieldErrors, type FieldError } from "../api/field-errors.js";
import type { KubeList, Stored } from "../api/object.js";
import type { ListOptions } from "../api/options.js";
import { apiVersionOf } from "../api/resource.js";
import { apiErrors, StatusError } from "../api/status.js";
import { CompactedError, FutureRevisionError, type Store } from "../store/store.js";
import { decode, toServed } from "./codec.js";
import { decodeContinue, encodeContinue } from "./continue-token.js";
import { listPrefix } from "./keys.js";
import type { Resolved } from "./resolve.js";
import { compileFilter, type ObjectFilter } from "./selectors.js";

const listExpired = "The resourceVersion for the provided list is too old.";
const inconsistentContinue =
  "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

/** Where a list reads: the store revision (0: the latest) and whether a limit applies. */
interface ReadPoint {
  readonly revision: number;
  readonly after?: string;
  readonly paged: boolean;
}

/**
 * A list as upstream serves it: selectors, limit and continue (the token pins the revision
 * of the first page), resourceVersion with resourceVersionMatch, remainingItemCount when
 * nothing is filtered.
 */
export async function listObjects(store: Store, res: Resolved, namespace: string | undefined, options: ListOptions): Promise<KubeList<Stored>> {
  validateListOptions(options);
  const filter = compileFilter(res, options);
  const prefix = listPrefix(res.served.info, namespace);
  const point = await readPoint(store, options);
  const limit = point.paged && options.limit && options.limit > 0 ? options.limit : 0;
  const page = await readPage(store, { prefix, point, limit, filter, hasContinue: Boolean(options.continue) });
  const metadata: KubeList["metadata"] = { resourceVersion: String(page.revision) };
  if (page.lastKey !== undefined) {
    metadata.continue = encodeContinue({ revision: page.revision, after: page.lastKey.slice(prefix.length) });
    if (filter.empty) metadata.remainingItemCount = await countAfter(store, prefix, page.lastKey, page.revision);
  }
  return {
    apiVersion: apiVersionOf(res.served.info),
    kind: res.served.info.listKind,
    metadata,
    items: page.items.map((obj) => toServed(res, obj)),
  };
}

/** upstream's ValidateListOptions: a 422 naming ListOptions. */
function validateListOptions(options: ListOptions): void {
  const errs: FieldError[] = [];
  const match = options.resourceVersionMatch as string | undefined;
  if (match) {
    if (!options.resourceVersion) errs.push(fieldErrors.forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided"));
    if (options.continue) errs.push(fieldErrors.forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
    if (match !== "Exact" && match !== "NotOlderThan") errs.push(fieldErrors.notSupported("resourceVersionMatch", match, ["Exact", "NotOlderThan", ""]));
    if (match === "Exact" && options.resourceVersion === "0") {
      errs.push(fieldErrors.forbidden("resourceVersionMatch", 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
    }
  }
  if (errs.length > 0) throw apiErrors.invalid({ group: "meta.k8s.io", kind: "ListOptions" }, "", errs);
}

async function readPoint(store: Store, options: ListOptions): Promise<ReadPoint> {
  const rv = options.resourceVersion ?? "";
  if (options.continue) {
    if (rv !== "" && rv !== "0") throw apiErrors.badRequest("specifying resource version is not allowed when using continue");
    const token = decodeContinue(options.continue);
    return { revision: token.revision < 0 ? 0 : token.revision, after: token.after, paged: true };
  }
  if (rv === "") return { revision: 0, paged: true };
  // upstream serves "0" from its watch cache, which ignores limit
  if (rv === "0") return { revision: 0, paged: false };
  const wanted = parseResourceVersion(rv);
  const current = await store.currentRevision();
  if (wanted > current) throw tooLargeResourceVersion(wanted, current);
  const exact = options.resourceVersionMatch === "Exact" || (options.resourceVersionMatch === undefined && (options.limit ?? 0) > 0);
  return { revision: exact ? wanted : 0, paged: true };
}

/** A resourceVersion parameter must be a number (upstream's 400 wording). */
export function parseResourceVersion(rv: string): number {
  const n = /^\d+$/.test(rv) ? Number(rv) : NaN;
  if (!Number.isSafeInteger(n)) throw apiErrors.badRequest(`invalid resource version: ${JSON.stringify(rv)}`);
  return n;
}

/** upstream's NewTooLargeResourceVersionError: a 504 telling the client to retry. */
export function tooLargeResourceVersion(wanted: number, current: number): StatusError {
  const err = apiErrors.timeout(`Too large resource version: ${wanted}, current: ${current}`, 1);
  err.status.details = { ...err.status.details, causes: [{ reason: "ResourceVersionTooLarge", message: "Too large resource version" }] };
  return err;
}

interface PageRequest {
  readonly prefix: string;
  readonly point: ReadPoint;
  readonly limit: number;
  readonly filter: ObjectFilter;
  readonly hasContinue: boolean;
}

interface Page {
  readonly items: Stored[];
  readonly revision: number;
  /** Set when more objects follow: the key the next page starts after. */
  readonly lastKey?: string;
}

/** Reads chunks until limit objects pass the filter or the keys run out (as etcd3's GetList). */
async function readPage(store: Store, req: PageRequest): Promise<Page> {
  const items: Stored[] = [];
  let revision = req.point.revision;
  let after = req.point.after === undefined ? undefined : req.prefix + req.point.after;
  for (;;) {
    const want = req.limit === 0 ? 0 : Math.max(req.limit - items.length, req.filter.empty ? 0 : 64);
    const chunk = await listChunk(store, req, { revision, after, limit: want });
    revision = chunk.revision;
    for (let i = 0; i < chunk.items.length; i++) {
      const kv = chunk.items[i]!;
      const obj = decode(kv);
      if (req.filter.matches(obj)) items.push(obj);
      if (req.limit > 0 && items.length === req.limit) {
        const more = chunk.more || i < chunk.items.length - 1;
        return more ? { items, revision, lastKey: kv.key } : { items, revision };
      }
    }
    if (!chunk.more || chunk.items.length === 0) return { items, revision };
    after = chunk.items[chunk.items.length - 1]!.key;
  }
}

async function listChunk(store: Store, req: PageRequest, at: { revision: number; after: string | undefined; limit: number }) {
  try {
    return await store.list(req.prefix, {
      ...(at.limit > 0 ? { limit: at.limit } : {}),
      ...(at.after === undefined ? {} : { startAfter: at.after }),
      ...(at.revision > 0 ? { revision: at.revision } : {}),
    });
  } catch (err) {
    if (err instanceof CompactedError) throw compactedListError(req, at.after);
    if (err instanceof FutureRevisionError) throw tooLargeResourceVersion(err.requested, err.current);
    throw err;
  }
}

function compactedListError(req: PageRequest, after: string | undefined): StatusError {
  if (!req.hasContinue || after === undefined) return apiErrors.resourceExpired(listExpired);
  const err = apiErrors.resourceExpired(inconsistentContinue);
  err.status.metadata = { continue: encodeContinue({ revision: -1, after: after.slice(req.prefix.length) }) };
  return err;
}

async function countAfter(store: Store, prefix: string, lastKey: string, revision: number): Promise<number> {
  const rest = await store.list(prefix, { startAfter: lastKey, revision });
  return rest.items.length;
}

