import { getCollectionProps, getInputProps, getSelectProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { Unbroken } from "./code.tsx";
import { FieldErrors, type Message } from "./error-summary.tsx";

/**
 * When every form checks what was typed (Conform's options): first when it is sent, as GOV.UK forms
 * do, so no message appears, and no button moves under the pointer, while a person goes from field
 * to field; then, once a field is flagged, again on each change, so its message goes as soon as it
 * is put right.
 */
export const VALIDATE_ON_SUBMIT = { shouldValidate: "onSubmit", shouldRevalidate: "onInput" } as const;

/** A form field as the components take it: its messages are catalog keys, or keys with values. */
type TextField = FieldMetadata<string | undefined, Record<string, unknown>, Message[]>;

/** A labelled input with its messages, wired for screen readers (aria-invalid, aria-describedby). */
export function Field({
  field,
  label,
  type = "text",
  autoComplete,
  hint,
}: {
  field: TextField;
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
          <Unbroken text={hint} />
        </p>
      ) : null}
      <FieldErrors id={field.errorId} errors={field.errors} />
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

/** A form's button; `secondary` where the page's one main action is another (GOV.UK's secondary button). */
export function SubmitButton({ children, secondary = false }: { children: ReactNode; secondary?: boolean }) {
  return (
    <button
      type="submit"
      className={
        secondary
          ? "rounded border-2 border-park-700 bg-white px-4 py-1.5 font-medium text-park-800 hover:bg-park-50"
          : "rounded bg-park-700 px-4 py-2 font-medium text-white hover:bg-park-800"
      }
    >
      {children}
    </button>
  );
}

/** A labelled drop-down with its messages; `placeholder` adds an empty first choice, `hint` a line under the label. */
export function SelectField({
  field,
  label,
  options,
  placeholder,
  hint,
}: {
  field: TextField;
  label: string;
  options: { value: string; label: string }[];
  placeholder?: string;
  hint?: string;
}) {
  const hintId = `${field.id}-hint`;
  const props = getSelectProps(field, { ariaDescribedBy: hint ? hintId : undefined });
  return (
    <div className="space-y-1">
      <label htmlFor={field.id} className="block font-medium">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="text-sm text-slate-700">
          {hint}
        </p>
      ) : null}
      <select {...props} key={props.key} className="rounded border border-slate-500 px-3 py-2 aria-invalid:border-red-700">
        {placeholder ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
}

/**
 * A labelled group of checkboxes with its messages. The first box carries the group's id, so the
 * error summary's link lands on a control that takes focus.
 */
export function CheckboxesField({
  field,
  legend,
  options,
  disabled,
}: {
  field: FieldMetadata<string[] | undefined, Record<string, unknown>, Message[]>;
  legend: string;
  options: { value: string; label: ReactNode }[];
  disabled?: boolean;
}) {
  const boxes = getCollectionProps(field, { type: "checkbox", options: options.map((o) => o.value) });
  return (
    <fieldset className="space-y-1" aria-describedby={field.errors?.length ? field.errorId : undefined}>
      <legend className="font-medium">{legend}</legend>
      {boxes.map((props, i) => (
        <label key={props.key} className="flex items-center gap-2">
          <input {...props} key={props.key} id={i === 0 ? field.id : props.id} disabled={disabled} />
          {options[i]!.label}
        </label>
      ))}
      <FieldErrors id={field.errorId} errors={field.errors} />
    </fieldset>
  );
}
