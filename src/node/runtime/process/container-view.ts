// What a container of the process runtime sees: the host's own files (there is no image), with
// each volume bound at its mountPath, in the container's private mount namespace. The root is a
// copy-on-write overlay of the host's (its upper layer the runtime's own), with the host's other
// mounts bound into it, so nothing a container writes or creates outside its volumes reaches
// the host: not a mountPath that must be created (think /usr/share/nginx/html on a host without
// nginx), not a file it writes to /etc. A mountPath on another of the host's file systems
// (/dev/termination-log) gets an overlay of that file system too. Without overlayfs the root is
// the host's and only mountPaths that exist can be bound. This file decides the steps;
// setup-script.ts carries them out.
import { posix } from "node:path";
import { topMountsBelow } from "./mount-points.js";

export type PathKind = "dir" | "file";

/** What the planner may ask of the host (a fake in tests). */
export interface HostProbe {
  /** What is at a host path, following symlinks: a directory, anything else, or nothing. */
  kind(hostPath: string): PathKind | undefined;
  /** The host path with symlinks resolved (for a path that exists). */
  realpath(hostPath: string): string;
  /** The host's mount points (mount-points.ts). */
  readonly mountPoints: readonly string[];
  /** Whether the kernel has overlayfs. */
  readonly overlay: boolean;
}

/** A volume to bind: its host source (hostPath + subPath, resolved) at target. */
export interface BindRequest {
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
}

export type ViewStep =
  /** A copy-on-write overlay over dir (lower: dir as the host has it), with the host's mounts below dir bound again. */
  | { readonly op: "overlay"; readonly dir: string; readonly submounts: readonly string[] }
  | { readonly op: "mkdir"; readonly path: string }
  | { readonly op: "touch"; readonly path: string }
  | { readonly op: "bind"; readonly source: string; readonly target: string; readonly readOnly: boolean };

export interface ContainerView {
  /** Set when the root is an overlay: build it first, bind these host mounts (all but /proc) into it, switch root last. */
  readonly rootOverlay?: { readonly submounts: readonly string[] };
  /** In order, paths as the container sees them. */
  readonly steps: readonly ViewStep[];
  /** Where on the host the container's path lives, or undefined where it exists only in the container. */
  hostPathOf(path: string): string | undefined;
}

export class ViewPlanError extends Error {}

/** Plans the mounts of a container (and the creation of its working directory). */
export function planContainerView(binds: readonly BindRequest[], options: { workingDir: string; probe: HostProbe }): ContainerView {
  return new ViewPlanner(options.probe).plan(binds, options.workingDir);
}

interface Region {
  readonly at: string;
  readonly kind: "host" | "overlay" | "volume";
  readonly source?: string;
}

class ViewPlanner {
  private readonly regions: Region[];
  private readonly created = new Map<string, PathKind>();
  private readonly steps: ViewStep[] = [];

  constructor(private readonly probe: HostProbe) {
    this.regions = [
      { at: "/", kind: probe.overlay ? "overlay" : "host" },
      ...probe.mountPoints.filter((p) => p !== "/").map((at): Region => ({ at, kind: "host" })),
    ];
  }

  plan(binds: readonly BindRequest[], workingDir: string): ContainerView {
    const byDepth = [...binds].sort((a, b) => depth(a.target) - depth(b.target));
    for (const bind of byDepth) {
      const sourceKind = this.probe.kind(bind.source);
      if (!sourceKind) throw new ViewPlanError(`mount source ${bind.source} does not exist`);
      const target = this.canonical(posix.normalize(bind.target));
      this.ensure(target, sourceKind);
      this.steps.push({ op: "bind", source: bind.source, target, readOnly: bind.readOnly });
      this.regions.push({ at: target, kind: "volume", source: bind.source });
    }
    this.ensure(this.canonical(posix.normalize(workingDir)), "dir");
    const submounts = topMountsBelow("/", this.probe.mountPoints).filter((p) => p !== "/proc");
    const rootOverlay = this.probe.overlay ? { submounts } : undefined;
    return { ...(rootOverlay ? { rootOverlay } : {}), steps: this.steps, hostPathOf: (path) => this.hostPathOf(path) };
  }

  /** Makes path exist in the view as kind, creating it (and its parents) where that writes nothing on the host. */
  private ensure(path: string, kind: PathKind): void {
    const existing = this.kindInView(path);
    if (existing === kind) return;
    if (existing) {
      const what = (k: PathKind) => (k === "dir" ? "a directory" : "a file");
      throw new ViewPlanError(`mount destination ${path} is ${what(existing)} in the container, the volume is ${what(kind)}`);
    }
    const parent = posix.dirname(path);
    this.ensure(parent, "dir");
    const region = this.regionOf(parent);
    if (region.kind === "host") this.overlay(parent);
    this.steps.push({ op: kind === "dir" ? "mkdir" : "touch", path });
    this.created.set(this.key(path), kind);
  }

  private overlay(dir: string): void {
    if (!this.probe.overlay) throw new ViewPlanError(`cannot create a mount point under ${dir}: the kernel has no overlayfs`);
    this.steps.push({ op: "overlay", dir, submounts: topMountsBelow(dir, this.probe.mountPoints) });
    this.regions.push({ at: dir, kind: "overlay" });
  }

  private kindInView(path: string): PathKind | undefined {
    const created = this.created.get(this.key(path));
    if (created) return created;
    const host = this.hostPathOf(path);
    return host === undefined ? undefined : this.probe.kind(host);
  }

  private hostPathOf(path: string): string | undefined {
    const region = this.regionOf(path);
    if (region.kind === "volume") return posix.join(region.source!, posix.relative(region.at, path));
    // Below a directory created in the view there is nothing on the host.
    for (let dir = path; dir !== "/"; dir = posix.dirname(dir)) {
      if (this.created.has(this.key(dir)) && this.regionOf(dir) === region) return undefined;
    }
    return path;
  }

  /** The innermost region holding path; of two at the same place, the later one (it is mounted on top). */
  private regionOf(path: string): Region {
    let best = this.regions[0]!;
    for (const region of this.regions) {
      const inside = region.at === "/" || path === region.at || path.startsWith(`${region.at}/`);
      if (inside && region.at.length >= best.at.length) best = region;
    }
    return best;
  }

  /** Keys created paths by the region they were created in, so a later mount on top hides them. */
  private key(path: string): string {
    return `${this.regions.indexOf(this.regionOf(path))}:${path}`;
  }

  /** Resolves host symlinks in the part of path that exists on the host, as a mount would. */
  private canonical(path: string): string {
    if (this.regionOf(path).kind === "volume") return path;
    let existing = path;
    while (existing !== "/" && this.probe.kind(existing) === undefined) existing = posix.dirname(existing);
    if (existing === "/" || this.regionOf(existing).kind === "volume") return path;
    return posix.join(this.probe.realpath(existing), posix.relative(existing, path));
  }
}

function depth(path: string): number {
  return posix.normalize(path).split("/").filter(Boolean).length;
}
