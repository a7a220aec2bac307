/**
 * The server as a function: what handle() takes and returns. No sockets here, so every
 * route can be exercised in-process; listen.ts binds it to node:http(s).
 */

/** Header names are lower case, as node:http gives them. */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/** A client certificate the TLS layer has already verified against the cluster CA. */
export interface ClientCertificate {
  readonly commonName: string;
  readonly organizations: readonly string[];
}

export interface ApiRequest {
  readonly method: string;
  /** Path and query, as on the request line: "/api/v1/namespaces/default/pods?limit=500". */
  readonly url: string;
  readonly headers: RequestHeaders;
  readonly body?: Uint8Array;
  readonly clientCertificate?: ClientCertificate;
}

/**
 * A streamed body (watch, log follow). Chunks are written as they come; close() is called
 * when the client goes away, and stops the producer.
 */
export interface BodyStream extends AsyncIterable<Uint8Array | string> {
  close(): void;
}

export type ResponseHeaders = Record<string, string | string[]>;

export interface ApiResponse {
  readonly status: number;
  readonly headers: ResponseHeaders;
  /** A complete body; absent when streaming or empty. */
  readonly body?: Uint8Array | string;
  /** A body written as it is produced; listen() flushes the headers at once. */
  readonly stream?: BodyStream;
}

/** The value of a header, the first one when repeated. */
export function headerValue(headers: RequestHeaders, name: string): string | undefined {
  const v = headers[name];
  return typeof v === "string" ? v : v?.[0];
}
