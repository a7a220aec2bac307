import { parseArgs } from "node:util";
import { CommandLineError } from "./command-line-error.js";
import { defaultDataDir } from "./data-dir.js";

export type RuntimeChoice = "process" | "simulated";
export type ClockChoice = "real" | "virtual";

/** `tinykube up`'s options, checked. */
export interface UpOptions {
  readonly dataDir: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Write only this file; absent: merge into the user's kubeconfig. */
  readonly kubeconfig?: string;
  /** "sqlite", or an etcd URL list ("etcd://h1:p1,h2:p2"). */
  readonly store: string;
  readonly runtime: RuntimeChoice;
  readonly clock: ClockChoice;
  /** Another server's data directory whose CA, serving certificate and admin token this one shares. */
  readonly pkiFrom?: string;
  /** The address to listen on (default 127.0.0.1; 0.0.0.0 for every interface). */
  readonly address?: string;
}

export const upUsage = `Usage: tinykube up [options]

Starts the API server (https://127.0.0.1:PORT) and the controllers, then writes a kubeconfig.

Options:
  --data-dir DIR       state, certificates and kubeconfig (default ~/.tinykube)
  --port N             port on 127.0.0.1; 0 picks a free one (default 6443)
  --kubeconfig FILE    write only this kubeconfig (default: merge a "tinykube" context into
                       $KUBECONFIG's first file or ~/.kube/config and make it current)
  --store STORE        sqlite (default: in the data directory) or etcd://host:port[,host:port...]:
                       several servers on one etcd cluster serve one API, controllers and the
                       scheduler elect a leader, pods run on agents joined with \`tinykube node\`
  --address IP         listen on IP instead of 127.0.0.1 (0.0.0.0: every interface; the serving
                       certificate still names only localhost: clients elsewhere set
                       tls-server-name: localhost)
  --pki-from DIR       at first start, take the certificates and token of the server whose data
                       directory is DIR (so one kubeconfig and one node token work with every server)
  --runtime KIND       process | simulated: how pods run (default process)
  --clock KIND         real | virtual: virtual time stands still until moved (default real)
`;

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CommandLineError(`--${flag} must be one of ${allowed.join(", ")}, not "${value}"`);
}

function port(value: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= 0 && n <= 65535)) throw new CommandLineError(`--port must be a number from 0 to 65535, not "${value}"`);
  return n;
}

function store(value: string): string {
  if (value === "sqlite" || /^etcd:\/\/[^,]+(,[^,]+)*$/.test(value)) return value;
  throw new CommandLineError(`--store must be sqlite or etcd://host:port[,host:port...], not "${value}"`);
}

/** Parses `up`'s arguments; throws CommandLineError for anything it does not know. */
export function parseUpOptions(argv: readonly string[]): UpOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        "data-dir": { type: "string" },
        port: { type: "string" },
        kubeconfig: { type: "string" },
        store: { type: "string" },
        runtime: { type: "string" },
        clock: { type: "string" },
        "pki-from": { type: "string" },
        address: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    throw new CommandLineError(err instanceof Error ? err.message : String(err), { cause: err });
  }
  const v = parsed.values;
  if (v.help) return "help";
  return {
    dataDir: v["data-dir"] ?? defaultDataDir(),
    port: port(v.port ?? "6443"),
    ...(v.kubeconfig === undefined ? {} : { kubeconfig: v.kubeconfig }),
    store: store(v.store ?? "sqlite"),
    runtime: oneOf("runtime", v.runtime ?? "process", ["process", "simulated"] as const),
    clock: oneOf("clock", v.clock ?? "real", ["real", "virtual"] as const),
    ...(v["pki-from"] === undefined ? {} : { pkiFrom: v["pki-from"] }),
    ...(v.address === undefined ? {} : { address: v.address }),
  };
}
