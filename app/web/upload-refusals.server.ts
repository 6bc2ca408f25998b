import { whenRefused } from "./refusals.server.ts";

/**
 * The answer to a refused upload step (JSON for the browser's upload code): not ours 404, too late
 * 409, else 422. Anything that is not a refusal is rethrown.
 */
export function uploadRefusal(error: unknown): Response {
  return whenRefused(error, ({ code }) => {
    const status = code === "proposals.errors.notFound" ? 404 : code === "proposals.errors.deadlinePassed" ? 409 : 422;
    return Response.json({ problem: code }, { status });
  });
}
