import { requireUser } from "~/web/require.server.ts";
import { notFound } from "./error-boundary.tsx";
import { recordsSight, type PlotFilter } from "~/evaluation/records.server.ts";
import { releaseCodeSchema } from "~/releases/schemas.ts";

/**
 * For the downloads of a release's evaluation records (opening record, score matrix, report): the
 * release code and the plots the reader sees, when the person may read them (administrators, the
 * chair, after opening); a 404 for anyone else, as if the records did not exist.
 */
export async function requireRecordsReader(request: Request, code: string | undefined): Promise<{ code: string; maySeePlot: PlotFilter }> {
  const user = await requireUser(request);
  const parsed = releaseCodeSchema.safeParse(code);
  const maySeePlot = parsed.success ? await recordsSight(user, parsed.data) : null;
  if (!parsed.success || !maySeePlot) throw notFound();
  return { code: parsed.data, maySeePlot };
}
