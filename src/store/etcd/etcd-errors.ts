// etcd reports these conditions only as gRPC errors with fixed messages (rpctypes.ErrGRPCCompacted
// and ErrGRPCFutureRev in etcd's api/v3rpc/rpctypes); the messages are part of its API.
const compactedMessage = "mvcc: required revision has been compacted";
const futureMessage = "mvcc: required revision is a future revision";

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : "";
}

/** True when etcd refused a read or compaction because the revision's history is gone. */
export function isEtcdCompacted(error: unknown): boolean {
  return messageOf(error).includes(compactedMessage);
}

/** True when etcd refused a read or compaction because the revision is ahead of it. */
export function isEtcdFutureRevision(error: unknown): boolean {
  return messageOf(error).includes(futureMessage);
}
