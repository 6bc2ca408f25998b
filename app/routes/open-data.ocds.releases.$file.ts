import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/web/error-boundary.tsx";
import { ocdsReleasePackage } from "~/open-data/ocds.server.ts";
import { openDataResponse } from "~/web/open-data-response.server.ts";

/** /open-data/ocds/releases/<code>.json: one published release as an OCDS release package. */
export async function loader({ params }: LoaderFunctionArgs) {
  const code = params.file?.match(/^(.+)\.json$/)?.[1];
  const releasePackage = code ? await ocdsReleasePackage(code) : null;
  if (!releasePackage) throw notFound();
  return openDataResponse(releasePackage);
}
