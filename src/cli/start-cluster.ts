// `tinykube up`'s wiring, in order: data-dir lock → store → registry → system namespaces →
// PKI → HTTPS server → kubeconfig → components. Nothing here decides API behaviour.
import type { Service } from "kubernetes-types/core/v1.js";
import { observeStoredServices } from "../api/core/service.js";
import { refs } from "../api/refs.js";
import { servedResources } from "../api/served.js";
import { InProcessClient } from "../client/in-process-client.js";
import { InformerFactory } from "../client/informer-factory.js";
import { ensureSystemNamespaces, systemNamespaces } from "../registry/bootstrap.js";
import { createRegistry } from "../registry/generic-registry.js";
import type { Registry } from "../registry/registry.js";
import { createApiHandler } from "../server/api-handler.js";
import { certificateAuthenticator, tokenAuthenticator, unionAuthenticator } from "../server/authenticator.js";
import { listen, type RunningServer } from "../server/listen.js";
import { defaultVersionInfo } from "../server/version-info.js";
import { acquireDataDirLock } from "../store/data-dir-lock.js";
import { type Clock, RealClock } from "../util/clock.js";
import { VirtualClock } from "../util/virtual-clock.js";
import { clockEndpoint, clockPath } from "./clock-endpoint.js";
import { saveVirtualClock, virtualClockStart } from "./clock-state.js";
import { type Component, type ComponentContext, type ComponentSpec, componentsFor, type Program } from "./components.js";
import { dataDirLayout } from "./data-dir.js";
import { type KubeconfigEntry, writeKubeconfig } from "./kubeconfig.js";
import { openStore } from "./open-store.js";
import { adoptPki, ensurePki, type Pki } from "./pki.js";
import { PodStreamsSlot } from "./pod-streams-slot.js";
import { startLeaderElected } from "./start-leader-elected.js";
import type { UpOptions } from "./up-options.js";

/** A running tinykube. */
export interface Cluster {
  readonly url: string;
  readonly port: number;
  readonly clock: Clock;
  /** The kubeconfig entry clients use (server URL, CA, admin token). */
  readonly kubeconfig: KubeconfigEntry;
  /** Stops components, closes the server and the store, releases the data directory. */
  stop(): Promise<void>;
}

export interface StartClusterOptions {
  /** Told about failures of components (a reconcile that threw, a component that did not start). */
  readonly log?: (line: string) => void;
  /**
   * Called once the API answers, before the components start: up writes the user's kubeconfig
   * here, so clients can begin while controllers load (they catch up from their informers).
   */
  readonly onServing?: (entry: KubeconfigEntry) => Promise<void> | void;
}

/** The admin user of the token and the admin certificate: system:masters, as kubeadm's admin. */
const admin = { name: "tinykube-admin", groups: ["system:masters", "system:authenticated"] };

/** Starts everything; on failure, undoes what was started and rethrows. */
export async function startCluster(options: UpOptions, opts: StartClusterOptions = {}): Promise<Cluster> {
  const log = opts.log ?? (() => {});
  const layout = dataDirLayout(options.dataDir);
  const undo: Array<() => Promise<void> | void> = [];
  try {
    const lock = acquireDataDirLock(layout.dir);
    undo.push(() => lock.release());
    if (options.pkiFrom !== undefined) adoptPki(dataDirLayout(options.pkiFrom).pkiDir, layout.pkiDir);
    const pkiReady = ensurePki(layout.pkiDir);
    const clock: Clock = options.clock === "virtual" ? new VirtualClock(virtualClockStart(layout.dir, Date.now())) : new RealClock();
    const store = await openStore(options.store, { file: layout.storeFile, clock });
    undo.push(() => store.close());
    const registry = createRegistry({ store, resources: servedResources(), clock });
    await ensureNamespaces(registry);
    await observeServices(registry);
    const pki = await pkiReady;
    const podStreams = new PodStreamsSlot();
    const server = await serve({ pki, port: options.port, registry, clock, podStreams, dataDir: layout.dir, host: options.address ?? "127.0.0.1" });
    undo.push(() => server.close());
    // Listening on every interface, this machine's clients still come through loopback (a name the certificate has).
    const url = /^https:\/\/(0\.0\.0\.0|\[::\]):/.test(server.url) ? `https://127.0.0.1:${server.port}` : server.url;
    const kubeconfig: KubeconfigEntry = { name: "tinykube", server: url, caCert: pki.caCert, token: pki.adminToken };
    writeKubeconfig(layout.kubeconfigFile, kubeconfig);
    await opts.onServing?.(kubeconfig);
    const client = programClient(registry, "kube-controller-manager");
    const deps: ComponentDeps = { registry, client, clock, options, podStreams, log, resources: registry.resources };
    const running =
      options.store === "sqlite"
        ? await startComponents(deps, componentsFor("single"))
        : await startLeaderElected(componentsFor("multi"), {
            clientFor: (program) => programClient(registry, program),
            clock,
            log,
            start: (specs) => startComponents(deps, specs),
          });
    undo.push(() => running.stop());
    return {
      url: server.url,
      port: server.port,
      clock,
      kubeconfig,
      stop: () => unwind(undo),
    };
  } catch (err) {
    await unwind(undo);
    throw err;
  }
}

/** The ClusterIPs and node ports of stored Services marked taken before any write is served: the allocators live in memory. */
async function observeServices(registry: Registry): Promise<void> {
  const list = await registry.list(refs.services, undefined);
  observeStoredServices(list.items as Service[]);
}

/** The system namespaces, created only when one is missing: a restart then costs one list, not four refused creates. */
async function ensureNamespaces(registry: Registry): Promise<void> {
  const list = await registry.list({ group: "", version: "v1", resource: "namespaces" }, undefined);
  const present = new Set(list.items.map((ns) => ns.metadata.name));
  if (!systemNamespaces.every((name) => present.has(name))) await ensureSystemNamespaces(registry);
}

async function unwind(undo: Array<() => Promise<void> | void>): Promise<void> {
  while (undo.length > 0) await undo.pop()!();
}

interface ServeDeps {
  readonly pki: Pki;
  readonly port: number;
  readonly registry: Registry;
  readonly clock: Clock;
  readonly podStreams: PodStreamsSlot;
  /** Where a virtual clock remembers how far it was moved. */
  readonly dataDir: string;
  readonly host: string;
}

function serve(d: ServeDeps): Promise<RunningServer> {
  const authenticator = unionAuthenticator(tokenAuthenticator(new Map([[d.pki.adminToken, admin]])), certificateAuthenticator());
  const extraPaths = new Map([[clockPath, clockEndpoint(d.clock, { onMoved: (ms) => saveVirtualClock(d.dataDir, ms) })]]);
  const handler = createApiHandler({ registry: d.registry, clock: d.clock, authenticator, podStreams: d.podStreams, extraPaths });
  return listen(handler, {
    port: d.port,
    host: d.host,
    tls: { key: d.pki.serverKey, cert: d.pki.serverCert, clientCA: d.pki.caCert },
  });
}

/** A client whose writes name `program` as upstream's User-Agent does ("kubelet/v1.32.0 (linux/amd64) …"). */
function programClient(registry: Registry, program: Program): InProcessClient {
  const version = defaultVersionInfo();
  return new InProcessClient(registry, { userAgent: `${program}/${version.gitVersion} (${version.platform}) tinykube` });
}

interface ComponentDeps {
  readonly registry: Registry;
  /** kube-controller-manager's: the shared informers list and watch through it too. */
  readonly client: InProcessClient;
  readonly clock: Clock;
  readonly options: UpOptions;
  readonly podStreams: PodStreamsSlot;
  readonly resources: ComponentContext["resources"];
  readonly log: (line: string) => void;
}

/**
 * Starts every component, one event-loop turn apart (the API is already serving), then the informers
 * they share. One that fails to start is reported and skipped.
 */
async function startComponents(d: ComponentDeps, specs: readonly ComponentSpec[]): Promise<Component> {
  const factory = new InformerFactory(d.client, { clock: d.clock, onError: (err) => d.log(`informer: ${describe(err)}`) });
  const running: Array<{ name: string; component: Component }> = [];
  const clients = new Map<Program, InProcessClient>([["kube-controller-manager", d.client]]);
  for (const spec of specs) {
    if (!clients.has(spec.program)) clients.set(spec.program, programClient(d.registry, spec.program));
    const ctx: ComponentContext = {
      client: clients.get(spec.program)!,
      factory,
      resources: d.resources,
      clock: d.clock,
      dataDir: d.options.dataDir,
      runtime: d.options.runtime,
      setPodStreams: (s) => d.podStreams.set(s),
      onError: (key, err) => d.log(`${spec.name}: ${key}: ${describe(err)}`),
    };
    // A turn of the event loop before each: requests that came in while the last one loaded are answered first.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      running.push({ name: spec.name, component: await spec.start(ctx) });
    } catch (err) {
      d.log(`${spec.name} did not start: ${describe(err)}`);
    }
  }
  factory.start();
  return {
    stop: async () => {
      await Promise.all(running.map((r) => r.component.stop().catch((err: unknown) => d.log(`${r.name} stop: ${describe(err)}`))));
      factory.stop();
    },
  };
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
