import type { Stored } from "../../api/object.js";
import type { WatchEvent } from "../../api/options.js";
import { headerValue, type ApiResponse } from "../api-request.js";
import { outputTarget, type OutputTarget } from "../output-target.js";
import { PushStream } from "../push-stream.js";
import { watchOptions } from "../query-options.js";
import type { ResourceCall } from "../resource-call.js";
import { buildTable, includeObjectParam, partialObjectMetadata } from "../table.js";

/**
 * A watch: newline-delimited JSON events, streamed as they happen. A resourceVersion too old
 * to watch from fails before the stream starts (the registry throws a 410, written as a
 * Status); a watcher that later falls behind gets the registry's ERROR event, then the end.
 */
export async function watchObjects(call: ResourceCall): Promise<ApiResponse> {
  const target = outputTarget(headerValue(call.req.headers, "accept"));
  const encode = eventEncoder(call, target);
  const stream = new PushStream();
  const watch = await call.registry.watch(
    call.ref,
    call.namespace,
    watchOptions(call.query, call.info.name),
    (event) => stream.push(`${JSON.stringify(encode(event))}\n`),
    call.ctx,
  );
  stream.onClose(() => watch.stop());
  void watch.done.then(
    () => stream.end(),
    () => stream.end(),
  );
  return { status: 200, headers: { "content-type": "application/json" }, stream };
}

type Encoder = (event: WatchEvent<Stored>) => WatchEvent<unknown>;

function eventEncoder(call: ResourceCall, target: OutputTarget): Encoder {
  if (target.as === "object") return (e) => e;
  if (target.as !== "Table") {
    return (e) => (e.type === "ERROR" ? e : { type: e.type, object: partialObjectMetadata(e.object, target.version) });
  }
  const includeObject = includeObjectParam(call.query);
  let first = true;
  return (e) => {
    if (e.type === "ERROR") return e;
    const rv = e.object.metadata?.resourceVersion ?? "";
    if (e.type === "BOOKMARK") {
      const table = { kind: "Table", apiVersion: `meta.k8s.io/${target.version}`, metadata: { resourceVersion: rv }, columnDefinitions: null, rows: [] };
      return { type: e.type, object: table };
    }
    const table = buildTable(call.def.strategy.table, [e.object], {
      now: call.clock.now(),
      includeObject,
      version: target.version,
      listMeta: { resourceVersion: rv },
      withColumns: first,
    });
    first = false;
    return { type: e.type, object: table };
  };
}
