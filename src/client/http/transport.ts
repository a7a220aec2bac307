import { Agent as HttpAgent, type IncomingHttpHeaders, type IncomingMessage, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { HttpClientConfig } from "./config.js";

export interface HttpRequest {
  readonly method: string;
  /** Path and query. */
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface HttpStream {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly response: IncomingMessage;
  /** Ends the exchange from our side. */
  abort(): void;
}

/**
 * Requests to one API server over keep-alive connections (one pool per client), with the
 * credentials of its config on every request.
 */
export class Transport {
  private readonly base: URL;
  private readonly secure: boolean;
  private readonly agent: HttpAgent;
  private readonly headers: Record<string, string>;

  constructor(private readonly config: HttpClientConfig) {
    this.base = new URL(config.server);
    this.secure = this.base.protocol === "https:";
    this.agent = this.secure
      ? new HttpsAgent({
          keepAlive: true,
          ...(config.caCert ? { ca: config.caCert } : {}),
          ...(config.clientCert && config.clientKey ? { cert: config.clientCert, key: config.clientKey } : {}),
          rejectUnauthorized: config.insecureSkipTlsVerify !== true,
          ...(config.tlsServerName ? { servername: config.tlsServerName } : {}),
        })
      : new HttpAgent({ keepAlive: true });
    this.headers = {
      accept: "application/json",
      "user-agent": config.userAgent ?? "tinykube-client/v0.1",
      // As client-go: a bearer token never travels over plain http.
      ...(config.token && this.secure ? { authorization: `Bearer ${config.token}` } : {}),
    };
  }

  /** Sends req and reads the whole answer. Rejects only when no answer came (connection failures). */
  async send(req: HttpRequest): Promise<HttpResponse> {
    const s = await this.open(req);
    const chunks: Buffer[] = [];
    for await (const chunk of s.response) chunks.push(chunk as Buffer);
    return { status: s.status, headers: s.headers, body: Buffer.concat(chunks) };
  }

  /** Sends req and resolves once the answer's headers are in; the body is read by the caller. */
  open(req: HttpRequest): Promise<HttpStream> {
    const send = this.secure ? httpsRequest : httpRequest;
    const headers: Record<string, string> = { ...this.headers, ...req.headers };
    if (req.body !== undefined) headers["content-length"] = String(Buffer.byteLength(req.body));
    return new Promise((resolve, reject) => {
      const r = send(
        {
          protocol: this.base.protocol,
          hostname: this.base.hostname.replace(/^\[(.*)\]$/, "$1"),
          port: this.base.port,
          path: `${this.base.pathname.replace(/\/$/, "")}${req.path}`,
          method: req.method,
          headers,
          agent: this.agent,
        },
        (response) => resolve({ status: response.statusCode ?? 0, headers: response.headers, response, abort: () => r.destroy() }),
      );
      r.once("error", reject);
      r.end(req.body);
    });
  }

  /** Closes every connection of the pool, open watches included. */
  close(): void {
    this.agent.destroy();
  }

  get url(): string {
    return this.config.server;
  }
}
