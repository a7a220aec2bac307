import { join } from "node:path";
import { parseArgs } from "node:util";
import { CommandLineError } from "./command-line-error.js";
import { defaultDataDir } from "./data-dir.js";
import type { RuntimeChoice } from "./up-options.js";

/** `tinykube node`'s options, checked. */
export interface NodeOptions {
  /** API server URLs, tried in order when one stops answering. */
  readonly servers: readonly string[];
  readonly token: string;
  /** The Node's name (default: the hostname, as the kubelet's). */
  readonly name?: string;
  readonly runtime: RuntimeChoice;
  readonly dataDir: string;
  /** PEM file of the CA that signed the servers' certificates. */
  readonly certificateAuthority?: string;
  readonly insecureSkipTlsVerify: boolean;
  /** The name the servers' certificates are checked against (tinykube's name only localhost). */
  readonly tlsServerName?: string;
  /** The node's InternalIP (and its pods'); default 127.0.0.1. */
  readonly address?: string;
}

export const nodeUsage = `Usage: tinykube node --server URL --token T [options]

Joins this machine to a tinykube (or any Kubernetes) API server as a Node and runs the pods
bound to it: registers the Node, heartbeats through its Lease in kube-node-lease.

Options:
  --server URL[,URL...]       the API server(s); with several, the next is used when one stops answering
  --token T                   bearer token (the server's <data-dir>/pki/admin.token)
  --certificate-authority F   CA certificate the servers' certificates are checked against
                              (the server's <data-dir>/pki/ca.crt); without it they are not checked
  --insecure-skip-tls-verify  do not check the servers' certificates, and do not warn about it
  --tls-server-name NAME      check the certificates against NAME, not the URL's host (tinykube's
                              certificates name localhost: use it for servers on other machines)
  --name N                    the Node's name (default: the hostname)
  --runtime KIND              process | simulated: how pods run (default process)
  --data-dir DIR              pods' volumes, logs and runtime state (default ~/.tinykube/node-NAME)
  --address IP                the node's InternalIP, also its pods' (default 127.0.0.1)
`;

function urls(value: string): string[] {
  const list = value.split(",").filter((s) => s !== "");
  for (const url of list) {
    if (!/^https?:\/\/[^/]+\/?$/.test(url)) throw new CommandLineError(`--server must be URLs like https://host:port, not "${url}"`);
  }
  return list.map((u) => u.replace(/\/$/, ""));
}

/** Parses `node`'s arguments; throws CommandLineError for anything missing or unknown. */
export function parseNodeOptions(argv: readonly string[]): NodeOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        server: { type: "string" },
        token: { type: "string" },
        name: { type: "string" },
        runtime: { type: "string" },
        "data-dir": { type: "string" },
        "certificate-authority": { type: "string" },
        "insecure-skip-tls-verify": { type: "boolean" },
        address: { type: "string" },
        "tls-server-name": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    throw new CommandLineError(err instanceof Error ? err.message : String(err), { cause: err });
  }
  const v = parsed.values;
  if (v.help) return "help";
  if (v.server === undefined) throw new CommandLineError("--server is required");
  if (v.token === undefined || v.token === "") throw new CommandLineError("--token is required");
  // Without a CA the servers' certificates cannot be checked: DESIGN's `node --server URL --token T`
  // still works, and the command says so (see node-command.ts).
  const insecure = (v["insecure-skip-tls-verify"] ?? false) || v["certificate-authority"] === undefined;
  const runtime = v.runtime ?? "process";
  if (runtime !== "process" && runtime !== "simulated") throw new CommandLineError(`--runtime must be one of process, simulated, not "${runtime}"`);
  return {
    servers: urls(v.server),
    token: v.token,
    ...(v.name === undefined ? {} : { name: v.name }),
    runtime,
    dataDir: v["data-dir"] ?? join(defaultDataDir(), `node-${v.name ?? "local"}`),
    ...(v["certificate-authority"] === undefined ? {} : { certificateAuthority: v["certificate-authority"] }),
    insecureSkipTlsVerify: insecure,
    ...(v.address === undefined ? {} : { address: v.address }),
    ...(v["tls-server-name"] === undefined ? {} : { tlsServerName: v["tls-server-name"] }),
  };
}
