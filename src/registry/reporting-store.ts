import type { KeyValue, ListOptions, ListResult, Store, Watch, WatchHandler, WatchOptions } from "../store/store.js";
import type { KeyWrite } from "./namespace-cache.js";

export interface WriteReport {
  /** Writes to keys under this prefix are reported; others pass straight through. */
  readonly prefix: string;
  readonly onWrite: (write: KeyWrite) => void;
}

/**
 * store, with each write under a prefix that succeeds reported as soon as the store has
 * taken it, before the writer goes on: what the registry itself writes is known at once,
 * whereas a watch may deliver it later (over the network, from etcd).
 */
export function reportingWrites(store: Store, report: WriteReport): Store {
  return new ReportingStore(store, report);
}

class ReportingStore implements Store {
  constructor(
    private readonly store: Store,
    private readonly report: WriteReport,
  ) {}

  create(key: string, value: string): Promise<number> {
    const written = this.store.create(key, value);
    if (!key.startsWith(this.report.prefix)) return written;
    return written.then((revision) => {
      this.report.onWrite({ key, revision, value });
      return revision;
    });
  }

  update(key: string, value: string, expectedRevision: number): Promise<number> {
    const written = this.store.update(key, value, expectedRevision);
    if (!key.startsWith(this.report.prefix)) return written;
    return written.then((revision) => {
      this.report.onWrite({ key, revision, value });
      return revision;
    });
  }

  delete(key: string, expectedRevision?: number): Promise<{ revision: number; prev: KeyValue }> {
    const deleted = this.store.delete(key, expectedRevision);
    if (!key.startsWith(this.report.prefix)) return deleted;
    return deleted.then((result) => {
      this.report.onWrite({ key, revision: result.revision });
      return result;
    });
  }

  currentRevision(): Promise<number> {
    return this.store.currentRevision();
  }

  get(key: string): Promise<KeyValue | undefined> {
    return this.store.get(key);
  }

  list(prefix: string, options?: ListOptions): Promise<ListResult> {
    return this.store.list(prefix, options);
  }

  count(prefix: string): Promise<number> {
    return this.store.count(prefix);
  }

  watch(prefix: string, options: WatchOptions, handler: WatchHandler): Watch {
    return this.store.watch(prefix, options, handler);
  }

  compact(revision: number): Promise<void> {
    return this.store.compact(revision);
  }

  compactedRevision(): Promise<number> {
    return this.store.compactedRevision();
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
