import type { LoaderFunctionArgs } from "@remix-run/node";

/** Calls a route's loader as Remix would for a GET of `path`. */
export function loaderArgs(path: string, params: Record<string, string> = {}): LoaderFunctionArgs {
  return { request: new Request(`http://portal.test${path}`), params, context: {} };
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
