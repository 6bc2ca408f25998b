// Registration numbers are written many ways: "HK-CR-3125467", "HK CR 3125467", "hk-cr-3125467",
// full-width "ＨＫ－ＣＲ－３１２５４６７" from a Chinese input method. They are one number, so one
// organisation. Browser-safe: the organisation form and the server check it alike.

/**
 * The number as organisations are compared: Unicode NFKC (full-width forms become ASCII), only
 * letters and digits, upper case. The database derives the same key (prisma/repeatable/
 * organisation-registration-key.sql) and holds it unique; a test keeps the two in step.
 */
export function registrationKey(typed: string): string {
  return typed.normalize("NFKC").replace(/[^A-Za-z0-9]/g, "").toUpperCase();
}

/** Dashes other than the hyphen-minus (U+2010–U+2015, minus sign U+2212) read as one on paper. */
const DASHES = /[\u2010-\u2015\u2212]/g;

/**
 * Whether a typed number is written with what registration numbers use: letters and digits, with
 * spaces, dots, slashes or dashes between them, in half- or full-width forms; at least three letters
 * or digits. Anything else (other scripts, hidden characters) is refused, so the key sees all of it.
 */
export function isWellFormedRegistrationNumber(typed: string): boolean {
  const plain = typed.normalize("NFKC").replace(DASHES, "-");
  return /^[A-Za-z0-9][A-Za-z0-9 ./-]*$/.test(plain) && registrationKey(plain).length >= 3;
}
