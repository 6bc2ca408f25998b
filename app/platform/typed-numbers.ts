import { z } from "zod";

// Figures people type into forms: floor areas, headcounts, percentages, Hong Kong dollars. They type
// them as they read them ("1,250,000,000", "21 600", "HK$5,000,000"), so separators are taken; what
// is left must be digits, because a number's coercion alone would take "1e3", "0x10", "+5" or "5.0".
// Browser-safe: every form's schema uses these in the browser (Conform) and on the server alike.

/** Thousands separators as people type them ("1,250,000,000", "21 600"): the value is the digits. */
const withoutSeparators = (typed: string) => typed.replace(/[,\s]/g, "");

/** Whole dollars or square metres with thousands separators, as typed and as shown ("1,250,000,000"). */
export const groupDigits = (digits: string | number) => BigInt(digits).toLocaleString("en");

interface WholeNumberLimits {
  least: number;
  most: number;
  /** The catalog key said for anything but a whole number from `least` to `most`. */
  notAWholeNumber: string;
  /** The catalog key said for a number above `most`, when it says more than `notAWholeNumber`. */
  overMost?: string;
}

/** A whole number from `least` to `most`, typed with or without thousands separators. */
export const typedWholeNumber = ({ least, most, notAWholeNumber, overMost = notAWholeNumber }: WholeNumberLimits) =>
  z
    .string({ error: notAWholeNumber })
    .transform(withoutSeparators)
    .pipe(z.string().regex(/^\d+$/, { error: notAWholeNumber }))
    .transform(Number)
    // Digits only, so the one number that is not finite is too many digits: above the most.
    .pipe(z.number({ error: overMost }).min(least, { error: notAWholeNumber }).max(most, { error: overMost }));

/**
 * A figure that may be left blank: nothing typed, or only separators (a stray space), is no figure
 * rather than 0.
 */
export const leftBlankOr = <Figure extends z.ZodType<unknown, string>>(figure: Figure) =>
  z
    .string()
    .transform((typed) => withoutSeparators(typed) || undefined)
    .pipe(figure.optional())
    .optional();

/** HK$10 trillion: more than any land premium or investment, and exact as a JavaScript number too. */
const HKD_DIGITS = 13;

/**
 * Whole Hong Kong dollars below HK$10 trillion, typed with or without separators and "HK$"; the value
 * is the digits without leading zeros (amounts are stored as digit strings and BigInt). `least` is 0
 * or 1 (an amount that must not be nothing).
 */
export const typedHkd = ({ least = 0, message }: { least?: 0 | 1; message: string }) =>
  z
    .string({ error: message })
    .transform((typed) => withoutSeparators(typed).replace(/^HK\$/i, ""))
    .pipe(z.string().regex(new RegExp(`^\\d{1,${HKD_DIGITS}}$`), { error: message }))
    .transform((digits) => String(BigInt(digits)))
    .refine((digits) => BigInt(digits) >= BigInt(least), { error: message });
