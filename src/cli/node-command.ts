// `tinykube node`: a node agent joined to API servers over HTTPS, until signalled.
import { readFileSync } from "node:fs";
import { HttpClient } from "../client/http-client.js";
import { startNodeAgent } from "../node/node-agent.js";
import { openRuntime } from "../node/open-runtime.js";
import { defaultVersionInfo } from "../server/version-info.js";
import { acquireDataDirLock, DataDirLockedError } from "../store/data-dir-lock.js";
import { RealClock } from "../util/clock.js";
import { NodeFailoverClient } from "./node-failover-client.js";
import { nodeUsage, parseNodeOptions } from "./node-options.js";

export async function run(argv: readonly string[]): Promise<number> {
  const options = parseNodeOptions(argv);
  if (options === "help") {
    process.stdout.write(nodeUsage);
    return 0;
  }
  const log = (line: string): void => void process.stderr.write(`tinykube node: ${line}\n`);
  let lock;
  try {
    lock = acquireDataDirLock(options.dataDir);
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
    log(`${err.message}; stop it first or use another --data-dir`);
    return 1;
  }
  const signalled = untilSignalled(log);
  if (options.certificateAuthority === undefined && !argv.includes("--insecure-skip-tls-verify")) {
    log("not checking the servers' certificates: pass --certificate-authority <server data dir>/pki/ca.crt");
  }
  const caCert = options.certificateAuthority === undefined ? undefined : readFileSync(options.certificateAuthority, "utf8");
  const version = defaultVersionInfo();
  const servers = options.servers.map(
    (server) =>
      new HttpClient({
        server,
        token: options.token,
        ...(caCert === undefined ? {} : { caCert }),
        insecureSkipTlsVerify: options.insecureSkipTlsVerify,
        ...(options.tlsServerName === undefined ? {} : { tlsServerName: options.tlsServerName }),
        // upstream's kubelet names its writes "kubelet" in managedFields
        userAgent: `kubelet/${version.gitVersion} (${version.platform}) tinykube-node/${options.name ?? "local"}`,
      }),
  );
  const client = new NodeFailoverClient(servers, (i) => log(`talking to ${options.servers[i]} now`));
  const clock = new RealClock();
  try {
    const runtime = await openRuntime(options.runtime, { clock, dataDir: options.dataDir });
    const agent = await startNodeAgent({
      client,
      clock,
      runtime,
      dataDir: options.dataDir,
      ...(options.name === undefined ? {} : { nodeName: options.name }),
      ...(options.address === undefined ? {} : { address: options.address }),
      onError: (err) => log(err instanceof Error ? err.message : String(err)),
    });
    process.stdout.write(`tinykube node ${agent.nodeName} joined ${options.servers.join(", ")}\n`);
    await signalled;
    await agent.stop();
    return 0;
  } finally {
    for (const s of servers) s.close();
    lock.release();
  }
}

/** Resolves at the first SIGINT or SIGTERM (a second exits at once); holds the process open till then. */
function untilSignalled(log: (line: string) => void): Promise<void> {
  const keepAlive = setInterval(() => {}, 1 << 30);
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      log(`${signal}: stopping (containers are killed)`);
      process.once("SIGINT", () => process.exit(130));
      process.once("SIGTERM", () => process.exit(143));
      clearInterval(keepAlive);
      resolve();
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  });
}
