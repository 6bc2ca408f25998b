import { notFound } from "~/components/error-boundary.tsx";
import { ocdsReleasePackage, openDataResponse } from "~/open-data.server.ts";

/** Every published release as one OCDS release package. */
export async function loader() {
  const releasePackage = await ocdsReleasePackage();
  if (!releasePackage) throw notFound();
  return openDataResponse(releasePackage);
}
