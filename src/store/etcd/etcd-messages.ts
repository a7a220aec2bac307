import { createRequire } from "node:module";
import { dirname, isAbsolute, join } from "node:path";
import protobuf from "protobufjs";

// The KV service's messages, encoded and decoded by protobufjs from the etcd v3 API's own .proto
// files (the copy the etcd3 package ships), without the plain-object conversion etcd3's
// proto-loader adds to every call (int64 to string, defaults filled in).

/** A 64-bit field as protobufjs decodes it: a Long where the long package is present. */
export type Int64 = number | { toNumber(): number };

export function int64(value: Int64 | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === "number" ? value : value.toNumber();
}

/** A bytes field as UTF-8 text (protobufjs gives a Buffer on Node; an absent field may be empty). */
export function utf8(bytes: Uint8Array | null | undefined): string {
  if (!bytes || bytes.length === 0) return "";
  return (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)).toString("utf8");
}

export const CompareResult = { Equal: 0, Greater: 1, Less: 2, NotEqual: 3 } as const;
export const CompareTarget = { Version: 0, Create: 1, Mod: 2, Value: 3, Lease: 4 } as const;

export interface Compare {
  readonly result: number;
  readonly target: number;
  readonly key: Uint8Array;
  readonly version?: number;
  readonly create_revision?: number;
  readonly mod_revision?: number;
}

export interface RangeRequest {
  readonly key: Uint8Array;
  readonly range_end?: Uint8Array;
  readonly limit?: number;
  readonly revision?: number;
  readonly count_only?: boolean;
}

export interface RequestOp {
  readonly request_range?: RangeRequest;
  readonly request_put?: { readonly key: Uint8Array; readonly value: Uint8Array };
  readonly request_delete_range?: { readonly key: Uint8Array; readonly prev_kv?: boolean };
}

export interface TxnRequest {
  readonly compare: readonly Compare[];
  readonly success: readonly RequestOp[];
  readonly failure?: readonly RequestOp[];
}

export interface ResponseHeader {
  readonly revision: Int64;
}

export interface EtcdKeyValue {
  readonly key: Uint8Array;
  readonly value: Uint8Array;
  readonly create_revision: Int64;
  readonly mod_revision: Int64;
}

export interface RangeResponse {
  readonly header: ResponseHeader;
  readonly kvs: readonly EtcdKeyValue[];
  readonly more: boolean;
  readonly count: Int64;
}

export interface TxnResponse {
  readonly header: ResponseHeader;
  readonly succeeded: boolean;
  readonly responses: readonly {
    readonly response_range?: RangeResponse;
    readonly response_delete_range?: { readonly prev_kvs: readonly EtcdKeyValue[] };
  }[];
}

/** A method of an etcd service: its path and its request and response codecs. */
export interface GrpcMethod<Req, Res> {
  readonly path: string;
  encode(request: Req): Uint8Array;
  decode(bytes: Uint8Array): Res;
}

const require = createRequire(import.meta.url);
const rpcProto = require.resolve("etcd3/proto/rpc.proto");
const root = new protobuf.Root();
// rpc.proto imports "./kv.proto" and "./auth.proto" from its own directory.
root.resolvePath = (_origin, target) => (isAbsolute(target) ? target : join(dirname(rpcProto), target));
root.loadSync(rpcProto, { keepCase: true });

function method<Req, Res>(name: string, request: string, response: string, service = "KV"): GrpcMethod<Req, Res> {
  const req = root.lookupType(`etcdserverpb.${request}`);
  const res = root.lookupType(`etcdserverpb.${response}`);
  return {
    path: `/etcdserverpb.${service}/${name}`,
    encode: (message) => req.encode(message as object).finish(),
    decode: (bytes) => res.decode(bytes) as unknown as Res,
  };
}

export const kvRange = method<RangeRequest, RangeResponse>("Range", "RangeRequest", "RangeResponse");
export const kvTxn = method<TxnRequest, TxnResponse>("Txn", "TxnRequest", "TxnResponse");

export interface WatchRequest {
  readonly create_request?: {
    readonly key: Uint8Array;
    readonly range_end?: Uint8Array;
    readonly start_revision?: number;
    readonly prev_kv?: boolean;
    readonly watch_id?: number;
  };
  readonly cancel_request?: { readonly watch_id: number };
}

/** mvccpb.Event.EventType */
export const EventType = { Put: 0, Delete: 1 } as const;

export interface EtcdEvent {
  readonly type: number;
  readonly kv: EtcdKeyValue;
  readonly prev_kv?: EtcdKeyValue | null;
}

export interface WatchResponse {
  readonly header?: ResponseHeader | null;
  readonly watch_id: Int64;
  readonly created: boolean;
  readonly canceled: boolean;
  readonly compact_revision: Int64;
  readonly cancel_reason: string;
  readonly events: readonly EtcdEvent[];
}

/** The Watch service's one method, a stream each way: requests in, responses out. */
export const watchStream = method<WatchRequest, WatchResponse>("Watch", "WatchRequest", "WatchResponse", "Watch");
