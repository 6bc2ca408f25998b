import { isRouteErrorResponse } from "@remix-run/react";
import { defaultLanguage, isLanguage, translator } from "~/platform/i18n/i18n.ts";

interface MetaMatch {
  id: string;
  data: unknown;
}

/** The translate function for the language the root loader chose. */
function translate(matches: MetaMatch[]) {
  const rootData = matches.find((m) => m.id === "root")?.data as { lang?: unknown } | undefined;
  return translator(isLanguage(rootData?.lang) ? rootData.lang : defaultLanguage);
}

/**
 * A page's <title> in the reader's language: "Page · Portal name". Where the route failed, the
 * error's title instead.
 */
export function pageTitle(
  { matches, error }: { matches: MetaMatch[]; error?: unknown },
  key: string,
  options: Record<string, unknown> = {},
) {
  const t = translate(matches);
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const errorTitles: Record<number, string> = { 404: "error.notFoundTitle", 403: "error.forbiddenTitle", 429: "error.tooManyTitle", 413: "error.tooLargeTitle" };
  const page = error ? t(errorTitles[status] ?? "error.serverTitle") : t(key, options);
  return [{ title: `${page} · ${t("site.name")}` }];
}
