import { databaseIsReachable } from "~/platform/database/db.server.ts";

/** For load balancers and monitors: 200 when the database answers, 503 when it does not. */
export async function loader() {
  const database = (await databaseIsReachable()) ? "ok" : "unreachable";
  return Response.json(
    { status: database === "ok" ? "ok" : "degraded", database, time: new Date().toISOString() },
    { status: database === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
