import type { z } from "zod";

// What people type is shown to others: on pages, in emails, PDFs, CSV files and the audit log. A
// character that cannot be seen but changes what is seen lets one text pass for another: a
// right-to-left override makes "Harbour‮sbaL" read backwards, a zero-width space makes two names that
// look the same compare different, and control characters (NUL, BEL, escape) break the database,
// terminals and files. Every form's schema refuses them through `refuseHiddenCharacters`, in the
// browser (Conform) and on the server alike; nothing here imports a server module.

/**
 * Characters refused in every text: C0 controls (tab and line breaks aside, see below), DEL and the
 * C1 controls; the bidirectional embeddings, overrides and isolates of "Trojan Source"
 * (CVE-2021-42574: U+202A–U+202E, U+2066–U+2069) and the invisible direction marks (U+200E, U+200F,
 * U+061C), which no text in our languages needs; invisible characters that make look-alikes (zero
 * width space U+200B, word joiner U+2060, invisible operators U+2061–U+2064, the byte order mark
 * U+FEFF, Mongolian vowel separator U+180E, Hangul fillers U+115F, U+1160, U+3164, U+FFA0); the line
 * and paragraph separators U+2028 and U+2029 (a line break nobody sees as one); interlinear
 * annotation controls U+FFF9–U+FFFB; and the tag characters U+E0000–U+E007F (ASCII text hidden from
 * the reader). Zero-width joiners (U+200C, U+200D) stay: emoji and several scripts need them.
 */
const HIDDEN_ANYWHERE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u115f\u1160\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0\ufff9-\ufffb]|[\u{e0000}-\u{e007f}]/u;
/** In one-line text (names, titles), tab and line breaks are hidden characters too. */
const LINE_BREAKS = /[\t\n\r]/;

export type TextKind = "line" | "multiline";

/** The first hidden character of a text as "U+202E", or null when there is none. */
export function hiddenCharacterIn(text: string, kind: TextKind): string | null {
  const found = HIDDEN_ANYWHERE.exec(text) ?? (kind === "line" ? LINE_BREAKS.exec(text) : null);
  if (!found) return null;
  return `U+${found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * The free-text fields of the portal's forms: each has its own message (`text.hidden.<field>` in
 * the catalogs) that names it, since several forms carry their problems as bare catalog keys.
 */
export const TEXT_FIELDS = {
  challengeGrounds: "multiline",
  challengeResponse: "multiline",
  progressNarrative: "multiline",
  progressReviewNote: "multiline",
  fullName: "line",
  organisationName: "line",
  developmentScheme: "multiline",
  programme: "multiline",
  trackRecord: "multiline",
  jobsTalentPlan: "multiline",
  question: "multiline",
  answer: "multiline",
  conflictStatement: "multiline",
  scoreComment: "multiline",
  moderationReason: "multiline",
  decisionReason: "multiline",
  reasonEn: "multiline",
  reasonZhHant: "multiline",
  notesEn: "multiline",
  notesZhHant: "multiline",
  retirementReason: "multiline",
  titleEn: "line",
  titleZhHant: "line",
  eligibilityEn: "multiline",
  eligibilityZhHant: "multiline",
  criterionNameEn: "line",
  criterionNameZhHant: "line",
  criterionDescriptionEn: "multiline",
  criterionDescriptionZhHant: "multiline",
  documentNameEn: "line",
  documentNameZhHant: "line",
  fileName: "line",
  variationReasonEn: "multiline",
  variationReasonZhHant: "multiline",
  variationDecisionNoteEn: "multiline",
  variationDecisionNoteZhHant: "multiline",
} as const satisfies Record<string, TextKind>;
export type TextField = keyof typeof TEXT_FIELDS;

/** The catalog key of the message that tells a person to remove hidden characters from a field. */
export const hiddenCharacterMessage = (field: TextField) => `text.hidden.${field}`;

/**
 * A zod refinement for a free-text field: `z.string().trim().max(…).superRefine(refuseHiddenCharacters("organisationName"))`.
 * The message names the field; its `params` also name the character, for forms that show values.
 */
export function refuseHiddenCharacters(field: TextField) {
  return (text: string | undefined, ctx: z.RefinementCtx) => {
    const character = text === undefined ? null : hiddenCharacterIn(text, TEXT_FIELDS[field]);
    if (character) ctx.addIssue({ code: "custom", message: hiddenCharacterMessage(field), params: { character } });
  };
}
