import type { ResourceTable } from "../../api/resource-table.js";
import { servedResources } from "../../api/served.js";
import type { PodStreams } from "../../api/pod-streams.js";
import type { Registry } from "../../registry/registry.js";
import { type MemoryRegistry, memoryRegistry } from "../../registry/testing/memory-registry.js";
import { VirtualClock } from "../../util/virtual-clock.js";
import { type ApiHandler, createApiHandler } from "../api-handler.js";
import type { ApiResponse } from "../api-request.js";
import type { Authenticator } from "../authenticator.js";

export interface TestApi {
  readonly handler: ApiHandler;
  readonly registry: Registry;
  readonly store: MemoryRegistry["store"];
  readonly clock: VirtualClock;
  /** handle() with a body given as text, bytes or a value to JSON-encode. */
  request(method: string, url: string, opts?: { body?: unknown; headers?: Record<string, string> }): Promise<ApiResponse>;
  close(): Promise<void>;
}

export interface TestApiOptions {
  readonly authenticator?: Authenticator;
  readonly podStreams?: PodStreams;
  readonly maxBodyBytes?: number;
  /** The served resources; servedResources() by default. */
  readonly resources?: ResourceTable;
}

/** A real handler over a real registry on an in-memory SQLite store and a virtual clock. */
export async function startTestApi(opts: TestApiOptions = {}): Promise<TestApi> {
  const clock = new VirtualClock(Date.parse("2026-01-01T00:00:00Z"));
  const { resources = servedResources(), ...handlerOpts } = opts;
  const { registry, store, close } = await memoryRegistry(resources, clock);
  const handler = createApiHandler({ registry, clock, ...handlerOpts });
  return {
    handler,
    registry,
    store,
    clock,
    request(method, url, r = {}) {
      const body = r.body === undefined ? undefined : r.body instanceof Uint8Array ? r.body : Buffer.from(typeof r.body === "string" ? r.body : JSON.stringify(r.body));
      return handler.handle({ method, url, headers: { ...(body ? { "content-type": "application/json" } : {}), ...r.headers }, ...(body ? { body } : {}) });
    },
    close,
  };
}

/** The JSON body of a complete response. */
export function jsonOf(res: ApiResponse): Record<string, unknown> {
  return JSON.parse(typeof res.body === "string" ? res.body : Buffer.from(res.body ?? "").toString("utf8")) as Record<string, unknown>;
}
