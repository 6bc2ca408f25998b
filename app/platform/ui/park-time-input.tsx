import { useState } from "react";
import { useTranslation } from "react-i18next";
import { intlLocale } from "../i18n/i18n.ts";
import { formatDateTime, parseHongKongLocal, PARK_TIME_ZONE } from "../time.ts";
import { useLanguage } from "./deadline.tsx";

/**
 * The written-out Hong Kong date of a typed `datetime-local` value ("Mon, 4 Jan 2027, 12:00
 * (UTC+8)"), shown beside the input: a browser's date picker shows the date in the reader's own
 * format, or none at all, so staff see what they are about to publish. Server-rendered from the
 * value; it follows the typing once scripts run.
 */
export function WrittenParkTime({ id, value }: { id: string; value: string | undefined }) {
  const { t } = useTranslation();
  const locale = intlLocale(useLanguage());
  const date = value ? parseHongKongLocal(value) : null;
  return (
    <p id={id} aria-live="polite" className="text-sm text-slate-700">
      {date ? t("stages.hongKongTime", { time: formatDateTime(date, PARK_TIME_ZONE, locale) }) : null}
    </p>
  );
}

/** A labelled Hong Kong date and time input of a plain form, with its written-out date. */
export function ParkTimeInput({ id, name, label, defaultValue }: { id: string; name: string; label: string; defaultValue: string }) {
  const [typed, setTyped] = useState(defaultValue);
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">{label}</label>
      <input
        id={id}
        type="datetime-local"
        name={name}
        defaultValue={defaultValue}
        onInput={(event) => setTyped(event.currentTarget.value)}
        aria-describedby={`${id}-written`}
        className="w-full rounded border border-slate-500 px-2 py-1"
      />
      <WrittenParkTime id={`${id}-written`} value={typed} />
    </div>
  );
}
