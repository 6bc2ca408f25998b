import { AsyncLocalStorage } from "node:async_hooks";
import { pino, type DestinationStream, type Logger } from "pino";

interface RequestContext {
  requestId: string;
  /** What this request looked up once for all its loaders (`oncePerRequest`). */
  memo?: Map<string, unknown>;
  /** The request recorded audit entries: the server runs the chainer once it has answered. */
  auditRecorded?: boolean;
}

// One store for the process: the server (server/main.ts) takes it from the Remix build
// (app/runtime), so a log line written in a loader carries the request id the server assigned.
export const requestContext = new AsyncLocalStorage<RequestContext>();

/** JSON lines; inside a request, every line carries that request's id. */
export function createLogger(destination?: DestinationStream): Logger {
  const options = {
    level: process.env.LOG_LEVEL || "info",
    base: undefined,
    mixin: () => {
      const context = requestContext.getStore();
      return context ? { requestId: context.requestId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export const logger: Logger = createLogger();

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** A request id from a trusted proxy header if it looks like one; otherwise a new one. */
export function requestIdFrom(header: string | undefined, generate: () => string): string {
  return header && REQUEST_ID.test(header) ? header : generate();
}

/**
 * `compute()` once per HTTP request and `key`: the root loader and the page's loader run side by side
 * for one page view and ask the same questions (who is signed in). Outside a request (tests,
 * scripts, jobs) every call computes.
 */
export function oncePerRequest<T>(key: string, compute: () => T): T {
  const context = requestContext.getStore();
  if (!context) return compute();
  context.memo ??= new Map();
  if (!context.memo.has(key)) context.memo.set(key, compute());
  return context.memo.get(key) as T;
}
