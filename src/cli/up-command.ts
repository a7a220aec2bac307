// `tinykube up`: start, write the kubeconfig once the API answers, say where, run until signalled.
import { DataDirLockedError } from "../store/data-dir-lock.js";
import { defaultKubeconfigPath, type KubeconfigEntry, writeKubeconfig } from "./kubeconfig.js";
import { startCluster } from "./start-cluster.js";
import { parseUpOptions, upUsage } from "./up-options.js";

export async function run(argv: readonly string[]): Promise<number> {
  const options = parseUpOptions(argv);
  if (options === "help") {
    process.stdout.write(upUsage);
    return 0;
  }
  const log = (line: string): void => void process.stderr.write(`tinykube: ${line}\n`);
  const kubeconfigFile = options.kubeconfig ?? defaultKubeconfigPath();
  const announce = async (entry: KubeconfigEntry): Promise<void> => {
    if (options.kubeconfig !== undefined) writeKubeconfig(kubeconfigFile, entry);
    // The YAML library is loaded only to merge into the user's own kubeconfig.
    else (await import("./kubeconfig-merge.js")).mergeIntoKubeconfig(kubeconfigFile, entry);
    const how = options.kubeconfig !== undefined ? `kubeconfig ${kubeconfigFile}` : `kubeconfig ${kubeconfigFile} (context "tinykube", now current)`;
    process.stdout.write(`tinykube is listening on ${entry.server}; ${how}\n`);
  };
  // Listening before the announcement: a SIGTERM while components still load stops cleanly too.
  const signalled = untilSignalled();
  let cluster;
  try {
    cluster = await startCluster(options, { log, onServing: announce });
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
    process.stderr.write(`tinykube up: ${err.message}; stop it first or use another --data-dir\n`);
    return 1;
  }
  await signalled;
  await cluster.stop();
  return 0;
}

/** Resolves at the first SIGINT or SIGTERM; a second one exits at once. */
function untilSignalled(): Promise<void> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.stderr.write(`tinykube: ${signal}: shutting down\n`);
      process.once("SIGINT", () => process.exit(130));
      process.once("SIGTERM", () => process.exit(143));
      resolve();
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  });
}
