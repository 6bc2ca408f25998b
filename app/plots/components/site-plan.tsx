import { Link } from "@remix-run/react";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { PlanPlot, SitePlanDrawing } from "../site-plan.ts";
import { plotStateFill } from "./state-colours.ts";

/**
 * The site plan as the loader drew it (`projectSitePlan`): each plot coloured by state and linking
 * to its page. Plots that are only context (not `emphasise`d) are drawn in outline. "Enlarge the
 * plan" (a native disclosure, so without JavaScript too) draws it two and a half times as wide inside
 * its own box, which then scrolls both ways: on a phone the codes become readable and tappable.
 */
export function SitePlan({
  plan,
  title,
  highlight,
  emphasise = () => true,
  linkTo = (code) => `/plots/${code}`,
}: {
  plan: SitePlanDrawing;
  title: string;
  highlight?: string;
  emphasise?: (code: string) => boolean;
  /** Where a plot links to: its public page unless said otherwise. */
  linkTo?: (code: string) => string;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const plots = plan.plots.map((plot) => ({ ...plot, emphasised: emphasise(plot.code) }));
  const statesShown = [...new Set(plots.filter((p) => p.emphasised).map((p) => p.state))];
  // One translation per state, not two per plot: a park of a thousand plots draws in a few
  // milliseconds. The code is put into the label afterwards (it is never translated).
  const CODE = "\u0000";
  const labels = Object.fromEntries(
    [...new Set(plots.map((p) => p.state))].map((state) => [state, t("sitePlan.plotLabel", { code: CODE, state: t(`plotState.${state}`) })]),
  ) as Record<PlanPlot["state"], string>;
  return (
    <figure className="group/plan rounded border border-slate-300 p-2">
      <details className="mb-2 text-sm">
        <summary className="cursor-pointer text-park-700 underline">{t("sitePlan.enlarge")}</summary>
        <p className="mt-1 text-slate-700">{t("sitePlan.enlarged")}</p>
      </details>
      <div className="overflow-auto group-has-[details[open]]/plan:max-h-[80vh]">
        <svg
          viewBox={`0 0 ${plan.width} ${plan.height}`}
          className="h-auto w-full group-has-[details[open]]/plan:w-[250%] group-has-[details[open]]/plan:max-w-none"
          role="group"
          aria-labelledby={titleId}
        >
          <title id={titleId}>{title}</title>
          {plots.map((plot) => {
            const label = labels[plot.state].replace(CODE, plot.code);
            return (
              <Link key={plot.code} to={linkTo(plot.code)} aria-label={label}>
                <polygon
                  points={plot.points}
                  fill={plot.emphasised ? plotStateFill[plot.state] : "#ffffff"}
                  stroke={plot.code === highlight ? "#1d4ed8" : "#334155"}
                  strokeWidth={plot.code === highlight ? 5 : 1.5}
                  strokeDasharray={plot.emphasised ? undefined : "6 4"}
                >
                  <title>{label}</title>
                </polygon>
                <text
                  x={plot.label.x}
                  y={plot.label.y}
                  textAnchor="middle"
                  dominantBaseline="middle"
                  fontSize={plot.code === highlight ? plan.width / 24 : plan.width / 60}
                  fontWeight={plot.code === highlight ? 700 : undefined}
                  fill="#0f172a"
                  pointerEvents="none"
                  // On a phone the codes would be about 5 px high: only the plot the page is about keeps
                  // its code (drawn large) until the plan is enlarged, where every code is legible.
                  className={plot.code === highlight ? undefined : "max-sm:hidden max-sm:group-has-[details[open]]/plan:inline"}
                  data-plot-label=""
                >
                  {plot.code}
                </text>
              </Link>
            );
          })}
        </svg>
      </div>
      <figcaption className="mt-2 flex flex-wrap gap-4 text-sm">
        <span className="sr-only">{t("sitePlan.legend")}</span>
        {statesShown.map((state) => (
          <span key={state} className="flex items-center gap-1">
            <svg aria-hidden="true" width="16" height="16" className="border border-slate-700">
              <rect width="16" height="16" fill={plotStateFill[state]} />
            </svg>
            {t(`plotState.${state}`)}
          </span>
        ))}
        {plots.some((p) => !p.emphasised) ? (
          <span className="flex items-center gap-1">
            <span aria-hidden="true" className="inline-block h-4 w-4 border border-dashed border-slate-700 bg-white" />
            {t("sitePlan.otherPlot")}
          </span>
        ) : null}
      </figcaption>
    </figure>
  );
}
