import type { Container } from "kubernetes-types/core/v1.js";
import { expand } from "../env/expansion.js";
import type { EnvVar, MountSpec } from "../runtime/runtime.js";

/** The container's volumeMounts as the runtime binds them, subPathExpr expanded with its environment. */
export function containerMounts(container: Container, volumeDirs: ReadonlyMap<string, string>, env: readonly EnvVar[]): MountSpec[] {
  const vars = new Map(env.map((e) => [e.name, e.value]));
  const mounts: MountSpec[] = [];
  for (const m of container.volumeMounts ?? []) {
    const hostPath = volumeDirs.get(m.name);
    if (!hostPath) continue;
    const subPath = m.subPathExpr ? expand(m.subPathExpr, (n) => vars.get(n)) : m.subPath;
    const spec: { -readonly [K in keyof MountSpec]: MountSpec[K] } = { hostPath, mountPath: m.mountPath };
    if (m.readOnly) spec.readOnly = true;
    if (subPath) spec.subPath = subPath;
    mounts.push(spec);
  }
  return mounts;
}
