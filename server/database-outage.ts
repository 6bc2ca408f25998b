import type { ServerBuild } from "@remix-run/node";
import { withRouteModules } from "./route-modules.ts";

/** Prisma's codes for a database it cannot reach, that closed the connection, or that gave none in time. */
const PRISMA_UNAVAILABLE = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028"]);
/** The driver adapter's kinds for the same. */
const ADAPTER_UNAVAILABLE = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout"]);
/** PostgreSQL shutting down or starting (57P0x) and connection exceptions (class 08). */
const POSTGRES_UNAVAILABLE = /^(57P0[1-3]|08...)$/;
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND"]);
const PG_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/**
 * Whether an error means the database cannot be reached just now (down, restarting, connections
 * cut, none free in time), rather than that something was wrong with the request. Looks through
 * the causes, as Prisma and its driver adapter wrap the driver's error.
 */
export function databaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const e = error as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; originalCode?: unknown; meta?: { driverAdapterError?: unknown } };
  if (typeof e.code === "string" && (PRISMA_UNAVAILABLE.has(e.code) || SOCKET_CODES.has(e.code) || POSTGRES_UNAVAILABLE.test(e.code))) return true;
  if (typeof e.originalCode === "string" && POSTGRES_UNAVAILABLE.test(e.originalCode)) return true;
  if (typeof e.kind === "string" && ADAPTER_UNAVAILABLE.has(e.kind)) return true;
  if (typeof e.message === "string" && PG_MESSAGES.test(e.message)) return true;
  return databaseUnavailable(e.cause, depth + 1) || databaseUnavailable(e.meta?.driverAdapterError, depth + 1);
}

/** What a request gets while the database is away: 503, try again (the page says so in the reader's language). */
export function databaseUnavailableResponse(): Response {
  return new Response("The portal cannot reach its database just now. Nothing was changed. Please try again in a minute.\n", {
    status: 503,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "30", "Cache-Control": "no-store" },
  });
}

type Handler = ((args: never) => unknown) | undefined;

function answeringOutages<T extends Handler>(handler: T): T {
  if (!handler) return handler;
  return (async (args: never) => {
    try {
      return await handler(args);
    } catch (error) {
      if (databaseUnavailable(error)) throw databaseUnavailableResponse();
      throw error;
    }
  }) as T;
}

/**
 * Every loader and action of the build, answering an unreachable database with a 503 "try again"
 * (the error page, or the text for resource routes) instead of a 500. A request that fails this
 * way changed nothing: each state change is one transaction, which the database rolls back.
 */
export function withOutagePage(build: ServerBuild): ServerBuild {
  return withRouteModules(build, (_id, module) => ({ ...module, loader: answeringOutages(module.loader), action: answeringOutages(module.action) }));
}
