import type { ResourceInfo } from "../api/resource.js";
import type { Store, WatchEvent } from "../store/store.js";
import { objectKey, resourcePrefix } from "./keys.js";

/** A namespace as create admission needs it. */
export interface NamespaceState {
  readonly terminating: boolean;
}

/** What is known of one namespace, as of a revision ("absent": deleted then). */
interface Known {
  readonly revision: number;
  readonly phase: "active" | "terminating" | "absent";
}

/** A write to a key, as the registry's store reports its own writes (value absent: deleted). */
export interface KeyWrite {
  readonly key: string;
  readonly revision: number;
  readonly value?: string;
}

/**
 * The namespaces create admission checks, without a store read per create: like upstream's
 * NamespaceLifecycle, which reads an informer's cache. It is fed by a watch of the namespaces
 * and, before that watch delivers, by the registry's own namespace writes, so that a namespace
 * this registry has just marked Terminating is refused at once. A namespace it does not know
 * is read from the store (upstream's live lookup), and remembered from then on. If the watch
 * fails, everything known is forgotten and the next lookup starts a new one.
 */
export class NamespaceCache {
  private readonly known = new Map<string, Known>();
  private readonly prefix: string;
  private started: Promise<void> | undefined;
  /** The watch is established: what is learnt from here on is kept up to date. */
  private live = false;
  /** Bumped when the watch fails: a store read begun before then must not be remembered. */
  private generation = 0;

  constructor(
    private readonly store: Store,
    private readonly info: ResourceInfo,
  ) {
    this.prefix = resourcePrefix(info);
  }

  /** The namespace, or undefined when it does not exist. Throws a 400 for a name no key can hold. */
  async lookup(name: string): Promise<NamespaceState | undefined> {
    const key = objectKey(this.info, undefined, name);
    const hit = this.known.get(name);
    if (hit && hit.phase !== "absent") return { terminating: hit.phase === "terminating" };
    const generation = await this.watching();
    const kv = await this.store.get(key);
    if (!kv) return undefined;
    const phase = phaseOf(kv.value);
    if (generation !== undefined && generation === this.generation) this.learn(name, { revision: kv.modRevision, phase });
    return { terminating: phase === "terminating" };
  }

  /** What reportingWrites needs to hand this cache the registry's own namespace writes. */
  writeReport(): { readonly prefix: string; readonly onWrite: (write: KeyWrite) => void } {
    return { prefix: this.prefix, onWrite: (write) => this.observe(write) };
  }

  /**
   * Takes in a namespace's write. Before the watch is established nothing is kept: a later
   * write by another server might reach it neither through the watch nor from this registry.
   */
  observe(write: KeyWrite): void {
    if (!this.live || !write.key.startsWith(this.prefix)) return;
    const name = write.key.slice(this.prefix.length);
    this.learn(name, { revision: write.revision, phase: write.value === undefined ? "absent" : phaseOf(write.value) });
  }

  /**
   * Starts the watch once; resolves to the generation it runs in, or undefined when it could
   * not start (the lookup then reads the store and keeps nothing; the next one tries again).
   */
  private async watching(): Promise<number | undefined> {
    this.started ??= this.startWatch();
    try {
      await this.started;
    } catch {
      this.started = undefined;
      return undefined;
    }
    return this.generation;
  }

  private async startWatch(): Promise<void> {
    const afterRevision = await this.store.currentRevision();
    this.store.watch(this.prefix, { afterRevision }, {
      onEvent: (event) => this.observe(toWrite(event)),
      onError: () => this.forget(),
    });
    this.live = true;
  }

  private forget(): void {
    this.generation++;
    this.known.clear();
    this.started = undefined;
    this.live = false;
  }

  /**
   * Keeps the newest of what is known. Deletions stay as "absent" so that a store read that
   * began before one cannot bring the namespace back.
   */
  private learn(name: string, next: Known): void {
    const current = this.known.get(name);
    if (current && current.revision >= next.revision) return;
    this.known.set(name, next);
  }
}

function toWrite(event: WatchEvent): KeyWrite {
  return event.type === "delete" ? { key: event.key, revision: event.revision } : { key: event.key, revision: event.revision, value: event.value ?? "" };
}

/** The phase in a stored Namespace (JSON the registry wrote). */
function phaseOf(value: string): "active" | "terminating" {
  const ns = JSON.parse(value) as { status?: { phase?: unknown } | null } | null;
  return ns?.status?.phase === "Terminating" ? "terminating" : "active";
}
