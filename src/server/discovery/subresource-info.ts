import type { ResourceInfo, SubresourceName } from "../../api/resource.js";

export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export interface SubresourceInfo {
  readonly verbs: readonly string[];
  readonly responseKind: GroupVersionKind;
}

/**
 * Discovery facts of each subresource as upstream installs them: the verbs its REST
 * storage supports and the kind it answers with.
 */
export function subresourceInfo(info: ResourceInfo, name: SubresourceName): SubresourceInfo {
  const self = { group: info.group, version: info.version, kind: info.kind };
  const core = (kind: string): GroupVersionKind => ({ group: "", version: "v1", kind });
  switch (name) {
    case "status":
      return { verbs: ["get", "patch", "update"], responseKind: self };
    case "scale":
      return { verbs: ["get", "patch", "update"], responseKind: { group: "autoscaling", version: "v1", kind: "Scale" } };
    case "log":
      return { verbs: ["get"], responseKind: self };
    case "exec":
      return { verbs: ["create", "get"], responseKind: core("PodExecOptions") };
    case "attach":
      return { verbs: ["create", "get"], responseKind: core("PodAttachOptions") };
    case "portforward":
      return { verbs: ["create", "get"], responseKind: core("PodPortForwardOptions") };
    case "proxy":
      return { verbs: ["create", "delete", "get", "patch", "update"], responseKind: core(`${info.kind}ProxyOptions`) };
    case "binding":
      return { verbs: ["create"], responseKind: core("Binding") };
    case "eviction":
      return { verbs: ["create"], responseKind: { group: "policy", version: "v1", kind: "Eviction" } };
    case "finalize":
      return { verbs: ["update"], responseKind: self };
  }
}
