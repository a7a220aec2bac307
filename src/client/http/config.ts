/** Where an API server is and how to prove who we are: the part of a kubeconfig a client needs. */
export interface HttpClientConfig {
  /** "https://127.0.0.1:6443" (http:// too, without credentials). */
  readonly server: string;
  /** PEM of the CA that signed the server's certificate; absent: the system's CAs. */
  readonly caCert?: string;
  readonly insecureSkipTlsVerify?: boolean;
  /** The name the server's certificate is checked against when not the URL's host (kubeconfig's tls-server-name). */
  readonly tlsServerName?: string;
  readonly token?: string;
  /** PEM client certificate and key. */
  readonly clientCert?: string;
  readonly clientKey?: string;
  /** Sent as User-Agent; managedFields name the caller by it when a write gives no fieldManager. */
  readonly userAgent?: string;
  /** Receives each `Warning: 299 - "…"` header's text. */
  readonly onWarning?: (warning: string) => void;
}
