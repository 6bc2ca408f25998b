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
