import "@remix-run/node";

declare module "@remix-run/node" {
  /** Set by server/main.ts for every request. */
  interface AppLoadContext {
    /** The nonce of this response's Content-Security-Policy, for Remix's inline scripts. */
    cspNonce: string;
    /** The client's address (behind TRUST_PROXY proxies: the one they report), for rate limits. */
    clientIp: string;
  }
}

export {};
