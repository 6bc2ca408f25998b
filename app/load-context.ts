import "@remix-run/node";

declare module "@remix-run/node" {
  /** Set by server/main.ts for every request. */
  interface AppLoadContext {
    /** The nonce of this response's Content-Security-Policy, for Remix's inline scripts. */
    cspNonce: string;
    /** The client's address (behind TRUST_PROXY proxies: the one they report), for rate limits. */
    clientIp: string;
    /**
     * When the request reached this process (performance.now(), a monotonic clock): how long it then
     * waited for a database connection is subtracted from the database's time of receipt.
     */
    arrivedAt: number;
  }
}

export {};
