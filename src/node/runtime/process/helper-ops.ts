// The mount plan of a container (container-view.ts) as the native helper's ops: the same steps
// setup-script.ts gives a shell, as system calls in the container's first process.
import { posix } from "node:path";
import type { ContainerView, ViewStep } from "./container-view.js";
import type { HelperOp } from "./helper-protocol.js";

/**
 * Where overlay upper layers live: on a tmpfs of tmpfsSize mounted at dir inside the container's
 * own mount namespace (dir is then one empty directory all containers share, as each mounts its
 * own tmpfs there), or, without tmpfsSize, in dir on disk (one per container).
 */
export interface HelperLayers {
  readonly dir: string;
  readonly tmpfsSize?: string;
}

/** The ops that give a container its view (absent: a plain process) and working directory. */
export function helperOps(view: ContainerView | undefined, options: { workingDir: string; layers: HelperLayers }): HelperOp[] {
  if (!view) return [{ op: "chdir", dir: options.workingDir }];
  const { layers } = options;
  const root = view.rootOverlay ? posix.join(layers.dir, "root", "merged") : "";
  const layerNames = [...(view.rootOverlay ? ["root"] : []), ...view.steps.flatMap((step, i) => (step.op === "overlay" ? [String(i)] : []))];
  const ops: HelperOp[] = [{ op: "private" }];
  if (layerNames.length > 0 && layers.tmpfsSize !== undefined) {
    ops.push({ op: "tmpfs", target: layers.dir, options: `mode=0700,size=${layers.tmpfsSize}` });
  }
  for (const name of layerNames) {
    for (const d of ["upper", "work", "merged"]) ops.push({ op: "mkdir", path: posix.join(layers.dir, name, d) });
  }
  const overlayOptions = (lower: string, name: string) => {
    const layer = posix.join(layers.dir, name);
    return `lowerdir=${lower},upperdir=${posix.join(layer, "upper")},workdir=${posix.join(layer, "work")}`;
  };
  if (view.rootOverlay) {
    ops.push({ op: "overlay", target: root, options: overlayOptions("/", "root") });
    ops.push({ op: "proc", target: `${root}/proc` });
    for (const sub of view.rootOverlay.submounts) ops.push({ op: "bind", source: sub, target: `${root}${sub}`, recursive: true });
  } else {
    ops.push({ op: "proc", target: "/proc" });
  }
  view.steps.forEach((step, i) => ops.push(...stepOps(step, { root, overlay: overlayOptions(step.op === "overlay" ? step.dir : "", String(i)) })));
  if (view.rootOverlay) ops.push({ op: "root", dir: root });
  ops.push({ op: "chdir", dir: options.workingDir });
  return ops;
}

function stepOps(step: ViewStep, at: { root: string; overlay: string }): HelperOp[] {
  switch (step.op) {
    case "overlay":
      return [
        { op: "overlay", target: `${at.root}${step.dir}`, options: at.overlay },
        ...step.submounts.map((sub): HelperOp => ({ op: "bind", source: sub, target: `${at.root}${sub}`, recursive: true })),
      ];
    case "mkdir":
      return [{ op: "mkdir", path: `${at.root}${step.path}` }];
    case "touch":
      return [{ op: "touch", path: `${at.root}${step.path}` }];
    case "bind":
      return [{ op: "bind", source: step.source, target: `${at.root}${step.target}`, readOnly: step.readOnly }];
  }
}
