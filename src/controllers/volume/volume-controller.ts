import { hostname } from "node:os";
import { join } from "node:path";
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from "kubernetes-types/core/v1.js";
import type { StorageClass } from "kubernetes-types/storage/v1.js";
import { objectKey, type Stored } from "../../api/object.js";
import { refs } from "../../api/refs.js";
import { isNotFound } from "../../api/status.js";
import type { Client } from "../../client/client.js";
import type { Informer } from "../../client/informer.js";
import type { InformerFactory } from "../../client/informer-factory.js";
import type { Clock } from "../../util/clock.js";
import { Controller, type ReconcileResult } from "../runtime/controller.js";
import { ClientEventRecorder, type EventRecorder } from "../runtime/event-recorder.js";
import { ownKey, splitKey } from "../runtime/owner-keys.js";
import { type ClaimObserved, planClaim, type ProvisionerConfig } from "./claim-plan.js";
import { ClaimSync } from "./claim-sync.js";
import { FreshObjects } from "./fresh-objects.js";
import { defaultClassOf, ensureStandardClass } from "./standard-class.js";
import { LocalVolumeDirs, type VolumeDirs } from "./volume-dirs.js";
import { ann, claimClass } from "./volume-helpers.js";
import { planVolume } from "./volume-plan.js";
import { applyVolumePlan } from "./volume-sync.js";

export const localProvisioner = "tinykube.io/local";

export interface VolumeControllerOptions {
  client: Client;
  factory: InformerFactory;
  clock: Clock;
  /** The data directory; volumes are provisioned under <dataDir>/volumes. */
  dataDir: string;
  /** Provisioners known to run against this cluster: their classes are left to them. */
  externalProvisioners?: readonly string[];
  /** Names the provisioner in its events' source ("tinykube.io/local_<identity>"); the host name by default. */
  identity?: string;
  /** Where directories are made; the local disk by default. */
  dirs?: VolumeDirs;
  /** Events of the PV controller and of the provisioner; core/v1 Events by default. */
  recorders?: { controller: EventRecorder; provisioner: EventRecorder };
  onError?: (key: string, err: unknown) => void;
}

/** Index of pods by the claims they use ("namespace/claim"), for WaitForPodScheduled. */
const podsByClaim = "volume-controller:claims";

function claimKeysOfPod(obj: { metadata?: { namespace?: string }; spec?: unknown }): string[] {
  const pod = obj as Pod;
  const ns = pod.metadata?.namespace ?? "";
  return (pod.spec?.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim ? [`${ns}/${v.persistentVolumeClaim.claimName}`] : []));
}

/**
 * upstream's PersistentVolume controller and a local-directory provisioner in one: a claim queue
 * and a volume queue, one worker each, as upstream (binding is not reentrant). Decisions are
 * planClaim/planVolume; ClaimSync and applyVolumePlan carry them out.
 */
export class VolumeController {
  private readonly claimQueue: Controller;
  private readonly volumeQueue: Controller;
  private readonly claims: FreshObjects<PersistentVolumeClaim>;
  private readonly volumes: FreshObjects<PersistentVolume>;
  private readonly classes: Informer<StorageClass>;
  private readonly pods: Informer<Pod>;
  private readonly nodes: Informer<Node>;
  private readonly config: ProvisionerConfig;
  private readonly dirs: VolumeDirs;
  private readonly recorders: { controller: EventRecorder; provisioner: EventRecorder };

  constructor(private readonly options: VolumeControllerOptions) {
    const { factory, clock, client } = options;
    const volumesDir = join(options.dataDir, "volumes");
    this.config = { name: localProvisioner, external: options.externalProvisioners ?? [], volumesDir };
    this.dirs = options.dirs ?? new LocalVolumeDirs(volumesDir);
    const identity = options.identity ?? hostname();
    this.recorders = options.recorders ?? {
      controller: new ClientEventRecorder(client, { clock, component: "persistentvolume-controller" }),
      provisioner: new ClientEventRecorder(client, { clock, component: `${localProvisioner}_${identity}` }),
    };
    const onError = options.onError ? { onError: options.onError } : {};
    this.claimQueue = new Controller({ name: "persistentvolume-binder-claims", clock, reconcile: (k) => this.syncClaim(k), ...onError });
    this.volumeQueue = new Controller({ name: "persistentvolume-binder-volumes", clock, reconcile: (k) => this.syncVolume(k), ...onError });
    const claimInformer = factory.informerFor<PersistentVolumeClaim>(refs.persistentVolumeClaims);
    const volumeInformer = factory.informerFor<PersistentVolume>(refs.persistentVolumes);
    this.classes = factory.informerFor<StorageClass>(refs.storageClasses);
    this.pods = factory.informerFor<Pod>(refs.pods, { indexers: { [podsByClaim]: claimKeysOfPod } });
    this.nodes = factory.informerFor<Node>(refs.nodes);
    this.claims = new FreshObjects(claimInformer.lister);
    this.volumes = new FreshObjects(volumeInformer.lister);
    this.watch(claimInformer, volumeInformer);
  }

  private watch(claimInformer: Informer<PersistentVolumeClaim>, volumeInformer: Informer<PersistentVolume>): void {
    for (const i of [this.classes, this.pods, this.nodes]) this.claimQueue.track(i as Informer);
    this.claimQueue.watch(claimInformer, ownKey);
    this.volumeQueue.watch(volumeInformer, ownKey);
    claimInformer.addEventHandler({
      onAdd: (c) => this.claims.observed(objectKey(c), c.metadata.resourceVersion),
      onUpdate: (_old, c) => this.claims.observed(objectKey(c), c.metadata.resourceVersion),
      // deleteClaim: the volume it was bound to is released now, not at the next resync.
      onDelete: (c) => {
        this.claims.gone(objectKey(c));
        if (c.spec?.volumeName) this.volumeQueue.enqueue(c.spec.volumeName);
      },
    });
    volumeInformer.addEventHandler({
      onAdd: (v) => this.volumes.observed(objectKey(v), v.metadata.resourceVersion),
      onUpdate: (_old, v) => this.volumes.observed(objectKey(v), v.metadata.resourceVersion),
      onDelete: (v) => this.volumes.gone(objectKey(v)),
    });
    // A new or changed class (a default one appearing) may let waiting claims go on.
    const pendingClaims = (): void => {
      for (const c of this.claims.list()) if (c.metadata.annotations?.[ann.bindCompleted] === undefined) this.claimQueue.enqueue(objectKey(c));
    };
    this.classes.addEventHandler({ onAdd: pendingClaims, onUpdate: pendingClaims });
  }

  /** Creates the standard class if missing, then starts both queues once the informers have synced. */
  async start(): Promise<boolean> {
    await ensureStandardClass(this.options.client, localProvisioner);
    const [claims, volumes] = await Promise.all([this.claimQueue.start(), this.volumeQueue.start()]);
    return claims && volumes;
  }

  async stop(): Promise<void> {
    await Promise.all([this.claimQueue.stop(), this.volumeQueue.stop()]);
  }

  private async syncClaim(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const claim = this.claims.get(namespace, name);
    if (!claim) return;
    const plan = planClaim(this.observeClaim(claim));
    const sync = new ClaimSync({ ...this.options, claims: this.claims, volumes: this.volumes, dirs: this.dirs, recorders: this.recorders }, claim);
    await sync.run(plan.actions);
    return plan.requeueAfterMs === undefined ? undefined : { requeueAfterMs: plan.requeueAfterMs };
  }

  private observeClaim(claim: Stored<PersistentVolumeClaim>): ClaimObserved {
    const className = claimClass(claim);
    const selected = claim.metadata.annotations?.[ann.selectedNode];
    const waitingPods = this.pods.lister
      .byIndex(podsByClaim, objectKey(claim))
      .filter((p) => !p.spec?.nodeName && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed")
      .map((p) => p.metadata.name);
    return {
      claim,
      volumes: this.volumes.list(),
      storageClass: className ? this.classes.lister.get(undefined, className) : undefined,
      defaultClass: defaultClassOf(this.classes.lister.list()),
      waitingPods,
      selectedNode: selected === undefined ? undefined : this.nodes.lister.get(undefined, selected),
      provisioner: this.config,
    };
  }

  private async syncVolume(name: string): Promise<void> {
    const volume = this.volumes.get(undefined, name);
    if (!volume) return;
    const claim = await this.claimOf(volume);
    const actions = planVolume({ volume, claim, provisioner: localProvisioner, volumesDir: this.config.volumesDir });
    await applyVolumePlan(
      { ...this.options, volumes: this.volumes, dirs: this.dirs, recorder: this.recorders.controller, syncClaim: (k) => this.claimQueue.enqueue(k) },
      volume,
      actions,
    );
  }

  /**
   * The claim the volume's claimRef names, with its UID. Before a volume is released for want of
   * its claim, the API server is asked too, as upstream does: a claim this cache has not seen
   * yet must not cost its data.
   */
  private async claimOf(volume: Stored<PersistentVolume>): Promise<PersistentVolumeClaim | undefined> {
    const ref = volume.spec?.claimRef;
    if (!ref?.uid || !ref.name) return undefined;
    const cached = this.claims.get(ref.namespace, ref.name);
    if (cached?.metadata.uid === ref.uid) return cached;
    const phase = volume.status?.phase;
    if (phase === "Released" || phase === "Failed") return undefined;
    try {
      const live = await this.options.client.get<PersistentVolumeClaim>(refs.persistentVolumeClaims, ref.namespace, ref.name);
      return live.metadata.uid === ref.uid ? live : undefined;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }
}

export interface RunningVolumeController {
  readonly controller: VolumeController;
  stop(): Promise<void>;
}

/**
 * Starts the volume controller for `tinykube up`: resolves at once; it creates the standard
 * class and starts binding when the shared informers (started by the factory) have synced.
 */
export function startVolumeController(options: VolumeControllerOptions): RunningVolumeController {
  const controller = new VolumeController(options);
  void controller.start().catch((err: unknown) => options.onError?.("volume-controller", err));
  return { controller, stop: () => controller.stop() };
}
