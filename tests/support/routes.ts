import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";

/** What server/main.ts would pass; 192.0.2.0/24 is the documentation range. */
export const testContext: AppLoadContext = { cspNonce: "", clientIp: "192.0.2.10" };

/** Calls a route's loader as Remix would for a GET of `path`. */
export function loaderArgs(
  path: string,
  params: Record<string, string> = {},
  headers: Record<string, string> = {},
): LoaderFunctionArgs {
  return { request: new Request(`http://portal.test${path}`, { headers }), params, context: testContext };
}

/** Calls a route's action as Remix would for a form POST to `path`. */
export function actionArgs(
  path: string,
  fields: Record<string, string> | URLSearchParams | string,
  options: { params?: Record<string, string>; headers?: Record<string, string>; clientIp?: string } = {},
): ActionFunctionArgs {
  const body = typeof fields === "string" || fields instanceof URLSearchParams ? fields : new URLSearchParams(fields);
  return {
    request: new Request(`http://portal.test${path}`, { method: "POST", body, headers: options.headers }),
    params: options.params ?? {},
    context: { ...testContext, clientIp: options.clientIp ?? testContext.clientIp },
  };
}

/** The status of the Response a loader threw, or of the one it returned. */
export async function statusOf(run: () => Promise<unknown>): Promise<number> {
  try {
    const result = await run();
    return result instanceof Response ? result.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

/** What a route gave back, however it did so (a Response thrown or returned, `data(…)`, a plain value). */
export interface RouteOutcome {
  status: number;
  /** The value a loader or action returned (or the text of a Response). */
  data: unknown;
  headers: Headers;
  /** Where a redirect leads. */
  location: string | null;
}

/** Runs a loader or action and says what came of it, thrown or returned. */
export async function routeOutcome(run: () => unknown): Promise<RouteOutcome> {
  let result: unknown;
  try {
    result = await run();
  } catch (thrown) {
    if (!(thrown instanceof Response) && !(thrown && typeof thrown === "object" && (thrown as { type?: string }).type === "DataWithResponseInit")) throw thrown;
    result = thrown;
  }
  if (result instanceof Response) {
    const text = result.status >= 300 && result.status < 400 ? "" : await result.text();
    const json = (result.headers.get("Content-Type") ?? "").startsWith("application/json") && !result.headers.get("Content-Disposition");
    return { status: result.status, data: json ? JSON.parse(text) : text, headers: result.headers, location: result.headers.get("Location") };
  }
  if (result && typeof result === "object" && (result as { type?: string }).type === "DataWithResponseInit") {
    const { data, init } = result as { data: unknown; init: { status?: number; headers?: HeadersInit } | null };
    const headers = new Headers(init?.headers);
    return { status: init?.status ?? 200, data, headers, location: headers.get("Location") };
  }
  return { status: 200, data: result, headers: new Headers(), location: null };
}

/** A request with any method and body (JSON, a byte stream) as Remix would pass it to an action. */
export function requestArgs(
  path: string,
  options: { method?: string; body?: BodyInit | null; json?: unknown; headers?: Record<string, string>; params?: Record<string, string>; clientIp?: string } = {},
): ActionFunctionArgs {
  const headers = new Headers(options.headers);
  let body = options.body ?? null;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers.set("Content-Type", "application/json");
  }
  const init = { method: options.method ?? "POST", body, headers, duplex: "half" } as RequestInit;
  return {
    request: new Request(`http://portal.test${path}`, init),
    params: options.params ?? {},
    context: { ...testContext, clientIp: options.clientIp ?? testContext.clientIp },
  };
}
