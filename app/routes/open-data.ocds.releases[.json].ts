import { notFound } from "~/web/error-boundary.tsx";
import { ocdsReleasePackage } from "~/open-data/ocds.server.ts";
import { openDataResponse } from "~/web/open-data-response.server.ts";

/** Every published release as one OCDS release package. */
export async function loader() {
  const releasePackage = await ocdsReleasePackage();
  if (!releasePackage) throw notFound();
  return openDataResponse(releasePackage);
}
