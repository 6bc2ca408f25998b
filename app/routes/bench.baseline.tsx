import type { HeadersFunction, MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { getConfig } from "~/platform/config.server.ts";
import { notFound } from "~/web/error-boundary.tsx";
import { pageTitle } from "~/web/meta.ts";

export const meta: MetaFunction = (args) => [...pageTitle(args, "perf.baseline.title"), { name: "robots", content: "noindex" }];

/**
 * The benchmarks' reference page (`npm run bench`): served by the same server, middleware and
 * document shell as every page, but no database, no session, one paragraph. Every page's speed is
 * reported as a ratio of this one's, measured side by side, so the figures say what our own code
 * costs on a machine shared with others. It exists only when the portal was started with
 * BENCHMARK_BASELINE_PAGE=true; otherwise it is an unknown address like any other.
 */
export function loader() {
  if (!getConfig().BENCHMARK_BASELINE_PAGE) throw notFound();
  return null;
}

export const headers: HeadersFunction = () => ({ "X-Robots-Tag": "noindex", "Cache-Control": "no-store" });

export default function BenchmarkBaseline() {
  const { t } = useTranslation();
  return <p className="max-w-prose">{t("perf.baseline.paragraph")}</p>;
}
