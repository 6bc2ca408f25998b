import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { NonceProvider } from "./web/nonce.tsx";
import { createI18n } from "./platform/i18n/i18n.ts";
import { getLanguage } from "./platform/i18n/i18n.server.ts";
import { logger } from "./platform/logger.server.ts";
import { renderedHtml } from "./web/rendered-html.server.ts";

// The process (server/main.ts) takes the app's services from the build through this export, so
// there is one copy of each in the process (see app/runtime/runtime.server.ts).
export * as runtime from "./runtime/runtime.server.ts";

export const streamTimeout = 5_000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // Tests call the handler without the Express server, hence no nonce there.
  const nonce = loadContext?.cspNonce ?? "";
  const i18n = createI18n(await getLanguage(request));
  // Crawlers and browsers without JavaScript get the whole document at once.
  const readyEvent = isbot(request.headers.get("user-agent")) ? "onAllReady" : "onShellReady";
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={i18n}>
          <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = renderedHtml();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          // The "try again" page of an unreachable database (server/database-outage.ts): when to.
          if (responseStatusCode === 503) responseHeaders.set("Retry-After", "30");
          resolve(
            new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logger.error({ err: error }, "render error");
        },
      },
    );
    setTimeout(abort, streamTimeout + 1_000);
  });
}

/** Server errors are logged with the request id; users see the error page, never a stack trace. */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  logger.error({ err: error, url: request.url }, "unhandled error in loader or action");
}
