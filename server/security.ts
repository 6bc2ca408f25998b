import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import onHeaders from "on-headers";

/**
 * Security headers for every response. Scripts need the per-request nonce (Remix's inline hydration
 * scripts carry it); everything else comes from our own origin, but for the S3 origin
 * (`storageOrigin`) that pages upload to and show PDFs from. In development Vite injects styles and
 * a WebSocket for hot reload, so the policy allows those there only. Stored files (/files) may be
 * shown inside our own pages (a PDF beside the scoring form), nowhere else.
 */
export function securityHeaders(options: { development: boolean; https: boolean; storageOrigin?: string | null }) {
  const storage = options.storageOrigin ? ` ${options.storageOrigin}` : "";
  return (req: Request, res: Response, next: NextFunction) => {
    const framedFile = req.path === "/files";
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    const policy = [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      options.development ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      options.development ? `connect-src 'self'${storage} ws:` : `connect-src 'self'${storage}`,
      `frame-src 'self'${storage}`,
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      framedFile ? "frame-ancestors 'self'" : "frame-ancestors 'none'",
    ];
    res.setHeader("Content-Security-Policy", policy.join("; "));
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("X-Frame-Options", framedFile ? "SAMEORIGIN" : "DENY");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (options.https) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function originOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}

/**
 * Requests that change something must come from our own pages: their Origin (or, failing that,
 * Referer) must be the portal's public origin (PUBLIC_URL). Not the Host the request names: a
 * DNS-rebinding page controls both. This stands in front of SameSite cookies against cross-site
 * request forgery.
 */
export function sameOriginWrites(publicUrl: string) {
  const publicOrigin = new URL(publicUrl).origin;
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const claimed = originOf(req.get("origin") ?? undefined) ?? originOf(req.get("referer") ?? undefined);
    if (claimed === publicOrigin) return next();
    res
      .status(403)
      .type("text/plain; charset=utf-8")
      .send(
        "This request did not come from the portal's own pages, so nothing was changed. Go back to the page and try again.\n" +
          "此要求並非來自本平台的頁面，因此沒有作出任何更改。請返回該頁面再試。\n",
      );
  };
}

/**
 * Pages (and their `.data` answers) only one person may see: a proposal, the evaluation, the
 * account, the administration, an organisation, an invitation, a stored file. Prefixes of the path.
 */
const PRIVATE_PATHS = /^\/(proposals|evaluation|account|admin|organisations|invitations|files|challenges|developments)(\/|\.data$|$)/;

/**
 * No private page is kept by the browser or anything between it and us: `Cache-Control: no-store`
 * on every private path and on everything answered to someone signed in (their pages carry their
 * name, their organisation and their proposals). Set as the headers go out, so it wins over
 * whatever a route said.
 */
export function privatePagesNotStored(sessionCookieName: string) {
  const session = new RegExp(`(?:^|;\\s*)${sessionCookieName}=`);
  return (req: Request, res: Response, next: NextFunction) => {
    if (PRIVATE_PATHS.test(req.path) || session.test(req.get("cookie") ?? "")) {
      onHeaders(res, () => res.setHeader("Cache-Control", "no-store"));
    }
    next();
  };
}
