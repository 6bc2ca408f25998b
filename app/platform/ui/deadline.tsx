import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { intlLocale, isLanguage, defaultLanguage } from "../i18n/i18n.ts";
import { countdown, differsFromParkTime, formatDateTime, PARK_TIME_ZONE } from "../time.ts";

export function useLanguage() {
  const { i18n } = useTranslation();
  return isLanguage(i18n.language) ? i18n.language : defaultLanguage;
}

/** A moment in Hong Kong time with its offset, as the server renders it. */
export function ParkTime({ date }: { date: Date }) {
  const locale = intlLocale(useLanguage());
  return <time dateTime={date.toISOString()}>{formatDateTime(date, PARK_TIME_ZONE, locale)}</time>;
}

/**
 * How old the document was when it arrived (ms): a public page served from the shared page cache
 * (server/public-page-cache.ts) says so in its Server-Timing header, "age". Only the data that came
 * with the document is that old; what later navigations load is fresh.
 */
function documentAgeMs(): number {
  const [navigation] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
  return navigation?.serverTiming?.find((entry) => entry.name === "age")?.duration ?? 0;
}

/** Whether the document's first render is done: until then, loader data is the data the document came with. */
let documentHydrated = false;

/** Rendered last in the document (root.tsx): its effect runs after those of every page component. */
export function DocumentHydrated() {
  useEffect(() => {
    documentHydrated = true;
  }, []);
  return null;
}

/**
 * A deadline: Hong Kong time (from the server), the reader's own time where it differs (only the
 * browser knows its zone, so that line appears once scripts run), and a countdown that starts from
 * the server's clock, corrected for the browser clock's skew and the page's age, and ticks every second.
 */
export function Deadline({ date, serverNow, label }: { date: Date; serverNow: Date; label: string }) {
  const { t } = useTranslation();
  const locale = intlLocale(useLanguage());
  const [now, setNow] = useState(serverNow);
  const [viewerZone, setViewerZone] = useState<string | null>(null);
  useEffect(() => {
    const skew = serverNow.getTime() + (documentHydrated ? 0 : documentAgeMs()) - Date.now();
    setViewerZone(Intl.DateTimeFormat().resolvedOptions().timeZone);
    const timer = setInterval(() => setNow(new Date(Date.now() + skew)), 1_000);
    return () => clearInterval(timer);
  }, [serverNow]);

  const left = countdown(date, now);
  return (
    <div>
      <p>
        <span className="font-medium">{label}{t("format.colon")}</span>
        <ParkTime date={date} />
      </p>
      {viewerZone && differsFromParkTime(date, viewerZone) ? (
        <p className="text-sm text-slate-700">
          {t("deadline.yourTime", { time: formatDateTime(date, viewerZone, locale) })}
        </p>
      ) : null}
      <p className="mt-1 text-sm">
        {left.passed ? (
          t("deadline.passed")
        ) : (
          <>
            <span className="font-medium">{t("deadline.remaining")}{t("format.colon")}</span>
            <span role="timer" aria-live="off" className="font-mono tabular-nums" suppressHydrationWarning>
              {t("deadline.countdown", { ...left })}
            </span>
          </>
        )}
      </p>
    </div>
  );
}
