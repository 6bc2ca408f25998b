import { requireUser } from "~/web/require.server.ts";
import { notFound } from "./error-boundary.tsx";
import { mayReadRecords } from "~/evaluation/records.server.ts";
import { releaseCodeSchema } from "~/releases/schemas.ts";

/**
 * For the downloads of a release's evaluation records (opening record, score matrix, report): the
 * release code, when the person may read them (administrators, the chair, after opening); a 404
 * for anyone else, as if the records did not exist.
 */
export async function requireRecordsReader(request: Request, code: string | undefined): Promise<string> {
  const user = await requireUser(request);
  const parsed = releaseCodeSchema.safeParse(code);
  if (!parsed.success || !(await mayReadRecords(user, parsed.data))) throw notFound();
  return parsed.data;
}
