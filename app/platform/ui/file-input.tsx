import { useEffect, useState, type InputHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";

/**
 * A file input that speaks the page's language. The browser draws its own button and "No file
 * chosen" in the language of the browser, not the page's ("Choose File" on a Chinese page), and
 * neither can be translated: the native input is hidden from view only (it keeps the keyboard focus,
 * its label and its place in the form, so it works without JavaScript), and a label from the
 * catalogs, drawn as a button, opens it. The caller's own <label> names the field; this one is hidden
 * from assistive technology so the name stays the field's. With JavaScript, the chosen files' names
 * show beside it.
 */
export function FileInput({ id, showChosen = true, onChange, ...input }: InputHTMLAttributes<HTMLInputElement> & { id: string; showChosen?: boolean }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<string | null>(null);
  const [scripted, setScripted] = useState(false);
  useEffect(() => setScripted(true), []);
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
      <input
        {...input}
        id={id}
        type="file"
        onChange={(event) => {
          const names = Array.from(event.currentTarget.files ?? [], (file) => file.name);
          setChosen(names.length ? names.join(t("format.listSeparator")) : null);
          onChange?.(event);
        }}
        className="peer sr-only"
      />
      <label
        htmlFor={id}
        aria-hidden="true"
        data-file-button=""
        className="cursor-pointer rounded border-2 border-park-700 bg-white px-4 py-1.5 font-medium text-park-800 hover:bg-park-50 peer-focus-visible:outline-4 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-amber-400 peer-disabled:cursor-not-allowed peer-disabled:opacity-60"
      >
        {t("journeys2.file.choose")}
      </label>
      {showChosen && scripted ? (
        <span className="min-w-0 break-all text-sm text-slate-700" aria-live="polite">
          {chosen ? t("journeys2.file.chosen", { name: chosen }) : t("journeys2.file.none")}
        </span>
      ) : null}
    </div>
  );
}
