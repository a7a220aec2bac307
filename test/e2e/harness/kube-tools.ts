import { execFileSync } from "node:child_process";
import { join } from "node:path";

export interface KubeTools {
  readonly kubectl: string;
  readonly helm: string;
}

let tools: KubeTools | undefined;

/** kubectl and helm: on PATH, else unpacked by scripts/ensure-kube-tools.mjs (once per machine). */
export function kubeTools(): KubeTools {
  if (!tools) {
    const script = join(import.meta.dirname, "..", "..", "..", "scripts", "ensure-kube-tools.mjs");
    tools = JSON.parse(execFileSync(process.execPath, [script], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] })) as KubeTools;
  }
  return tools;
}
