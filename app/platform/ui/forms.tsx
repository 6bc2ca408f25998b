import { getInputProps, getSelectProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

function Errors({ id, errors }: { id: string; errors: string[] | undefined }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="mt-1 text-sm text-red-800">
      {errors.map((error) => (
        <li key={error}>{t(error)}</li>
      ))}
    </ul>
  );
}

/** A labelled input with its messages, wired for screen readers (aria-invalid, aria-describedby). */
export function Field({
  field,
  label,
  type = "text",
  autoComplete,
  hint,
}: {
  field: FieldMetadata<string | undefined>;
  label: string;
  type?: "text" | "email" | "password";
  autoComplete?: string;
  hint?: string;
}) {
  const hintId = `${field.id}-hint`;
  const props = getInputProps(field, { type, ariaDescribedBy: hint ? hintId : undefined });
  return (
    <div className="space-y-1">
      <label htmlFor={field.id} className="block font-medium">
        {label}
      </label>
      <input
        {...props}
        key={props.key}
        autoComplete={autoComplete}
        className="w-full max-w-md rounded border border-slate-500 px-3 py-2 aria-invalid:border-red-700"
      />
      {hint ? (
        <p id={hintId} className="text-sm text-slate-700">
          {hint}
        </p>
      ) : null}
      <Errors id={field.errorId} errors={field.errors} />
    </div>
  );
}

/** Errors that belong to the whole form (e.g. "wrong email or password"), announced when they appear. */
export function FormErrors({ id, errors }: { id: string; errors: string[] | undefined }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <div id={id} role="alert" className="rounded border border-red-700 bg-red-50 p-3 text-red-900">
      {errors.map((error) => (
        <p key={error}>{t(error)}</p>
      ))}
    </div>
  );
}

/** The honeypot: off-screen, out of the tab order, hidden from assistive technology. */
export function Honeypot() {
  return (
    <div aria-hidden="true" className="absolute -left-[9999px] h-px w-px overflow-hidden">
      <label>
        Website
        <input type="text" name="website" tabIndex={-1} autoComplete="off" defaultValue="" />
      </label>
    </div>
  );
}

export function SubmitButton({ children }: { children: ReactNode }) {
  return (
    <button type="submit" className="rounded bg-park-700 px-4 py-2 font-medium text-white hover:bg-park-800">
      {children}
    </button>
  );
}

/** A labelled drop-down with its messages; `placeholder` adds an empty first choice. */
export function SelectField({
  field,
  label,
  options,
  placeholder,
}: {
  field: FieldMetadata<string | undefined>;
  label: string;
  options: { value: string; label: string }[];
  placeholder?: string;
}) {
  const props = getSelectProps(field);
  return (
    <div className="space-y-1">
      <label htmlFor={field.id} className="block font-medium">
        {label}
      </label>
      <select {...props} key={props.key} className="rounded border border-slate-500 px-3 py-2 aria-invalid:border-red-700">
        {placeholder ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <Errors id={field.errorId} errors={field.errors} />
    </div>
  );
}
