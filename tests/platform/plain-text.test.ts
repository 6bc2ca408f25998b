import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { acceptStaffSchema, organisationSchema, profileSchema, signupSchema } from "~/accounts/schemas.ts";
import { answerSchema, questionSchema } from "~/clarifications/clarifications.server.ts";
import { languages, resources } from "~/platform/i18n/i18n.ts";
import { hiddenCharacterIn, hiddenCharacterMessage, TEXT_FIELDS, type TextField } from "~/platform/plain-text.ts";
import { problemsOf } from "~/platform/ui/problems.ts";
import { retirePlotSchema } from "~/plots/schemas.ts";
import { proposalDraftSchema, startUploadSchema } from "~/proposals/schemas.ts";
import { addendumSchema } from "~/releases/addenda.server.ts";
import { publicReasonSchema } from "~/releases/cancellation.server.ts";
import { criterionSchema, releaseBuilderSchema, requiredDocumentSchema, tenderDocumentTitlesSchema } from "~/releases/schemas.ts";

const RLO = "\u202e";
const BEL = "\u0007";

describe("hidden characters", () => {
  it("finds controls, direction overrides and isolates, invisible look-alike makers and tags, and names the first", () => {
    const refused = ["\u0000", BEL, "\u001b", "\u007f", "\u0085", "\u009b", "\u061c", "\u180e", "\u200b", "\u200e", "\u200f", "\u2028", "\u2029", "\u202a", "\u202b", "\u202c", "\u202d", RLO, "\u2060", "\u2066", "\u2067", "\u2068", "\u2069", "\u3164", "\ufeff", "\ufff9", "\u{e0041}"];
    for (const character of refused) {
      const code = `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
      expect(hiddenCharacterIn(`Harbour${character}BioLabs`, "multiline"), code).toBe(code);
      expect(hiddenCharacterIn(`Harbour${character}BioLabs`, "line"), code).toBe(code);
    }
    expect(hiddenCharacterIn(`a${RLO}b${BEL}`, "line")).toBe("U+202E");
  });

  it("keeps what real text needs: line breaks and tabs in long text, Chinese punctuation, accents, emoji joiners", () => {
    for (const text of ["Phase 1 West\r\n\tWet labs", "港深創新及科技園（第一期）：濕實驗室、乾實驗室。", "Zoë Müller-Łukasiewicz", "👩‍🔬 lab", "ﾊﾞｲｵ"]) {
      expect(hiddenCharacterIn(text, "multiline"), text).toBeNull();
    }
    expect(hiddenCharacterIn("Harbour BioLabs Limited", "line")).toBeNull();
    for (const lineBreak of ["\n", "\r", "\t"]) expect(hiddenCharacterIn(`Harbour${lineBreak}BioLabs`, "line")).not.toBeNull();
  });

  it("has a message for every free-text field, naming the field, in every language", () => {
    for (const field of Object.keys(TEXT_FIELDS) as TextField[]) {
      for (const language of languages) {
        const message = (resources[language].common as unknown as { text: { hidden: Record<string, string> } }).text.hidden[field];
        expect(message, `${field} in ${language}`).toBeTruthy();
      }
      expect(hiddenCharacterMessage(field)).toBe(`text.hidden.${field}`);
    }
  });
});

function formData(fields: Record<string, string | string[]>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) data.append(name, v);
  return data;
}

const builder = {
  code: "HSITP-2027-09",
  phase: "P1W",
  titleEn: "Batch nine",
  titleZhHant: "第九批",
  passMarkPercent: "60",
  publicationAt: "2027-01-04T12:00",
  clarificationEndsAt: "2027-01-20T12:00",
  submissionDeadline: "2027-02-20T12:00",
  openingAt: "2027-02-21T12:00",
  eligibilityEn: "Registered firms.",
  eligibilityZhHant: "已註冊的公司。",
  plotCodes: "1W-09",
  "criteria[0].nameEn": "Quality",
  "criteria[0].nameZhHant": "質素",
  "criteria[0].descriptionEn": "How good.",
  "criteria[0].descriptionZhHant": "質素如何。",
  "criteria[0].envelope": "technical",
  "criteria[0].weight": "60",
  "criteria[0].maxScore": "10",
  "criteria[1].nameEn": "Premium",
  "criteria[1].nameZhHant": "地價",
  "criteria[1].envelope": "financial",
  "criteria[1].weight": "40",
  "criteria[1].maxScore": "10",
  "requiredDocuments[0].nameEn": "Scheme",
  "requiredDocuments[0].nameZhHant": "計劃書",
  "requiredDocuments[0].envelope": "technical",
  "requiredDocuments[0].acceptedTypes": "pdf",
  "requiredDocuments[0].maxSizeMb": "20",
};

/** Every form with free text: its schema, what a good submission sends, and each free-text field with its name in the form. */
const forms: [string, z.ZodType, Record<string, string | string[]>, [string, TextField][]][] = [
  ["sign-up", signupSchema, { name: "Chan Tai Man", email: "a@example.com", password: "a long enough passphrase", language: "en" }, [["name", "fullName"]]],
  ["profile", profileSchema, { intent: "profile", name: "Chan Tai Man", language: "zh-Hant" }, [["name", "fullName"]]],
  ["staff account", acceptStaffSchema, { intent: "create-staff", name: "Chan Tai Man", password: "a long enough passphrase", language: "en" }, [["name", "fullName"]]],
  ["organisation", organisationSchema, { name: "Harbour BioLabs Limited", registrationNumber: "HK-CR-1234567", origin: "hong_kong", focusSectors: "other" }, [["name", "organisationName"]]],
  [
    "proposal",
    proposalDraftSchema(),
    { revision: "1", developmentScheme: "Labs.", programme: "2027–2030", trackRecord: "Ten years.", jobsTalentPlan: "300 jobs." },
    [["developmentScheme", "developmentScheme"], ["programme", "programme"], ["trackRecord", "trackRecord"], ["jobsTalentPlan", "jobsTalentPlan"]],
  ],
  ["upload", startUploadSchema, { requiredDocumentId: "00000000-0000-4000-8000-000000000000", fileName: "scheme.pdf", size: "100" }, [["fileName", "fileName"]]],
  ["clarification question", questionSchema, { question: "May the plot ratio be exceeded?" }, [["question", "question"]]],
  ["clarification answer", answerSchema, { clarificationId: "00000000-0000-4000-8000-000000000000", answer: "No." }, [["answer", "answer"]]],
  ["plot retirement", retirePlotSchema, { reason: "Merged with 1W-10." }, [["reason", "retirementReason"]]],
  ["cancellation or withdrawal", publicReasonSchema, { reasonEn: "The road moved.", reasonZhHant: "道路改線。" }, [["reasonEn", "reasonEn"], ["reasonZhHant", "reasonZhHant"]]],
  ["addendum", addendumSchema, { notesEn: "New survey.", notesZhHant: "新勘察。" }, [["notesEn", "notesEn"], ["notesZhHant", "notesZhHant"]]],
  ["tender document", tenderDocumentTitlesSchema, { titleEn: "Survey", titleZhHant: "勘察" }, [["titleEn", "titleEn"], ["titleZhHant", "titleZhHant"]]],
  ["criterion", criterionSchema, { nameEn: "Quality", nameZhHant: "質素", descriptionEn: "How good.", descriptionZhHant: "質素如何。", envelope: "technical", weight: "60", maxScore: "10" }, [["nameEn", "criterionNameEn"], ["nameZhHant", "criterionNameZhHant"], ["descriptionEn", "criterionDescriptionEn"], ["descriptionZhHant", "criterionDescriptionZhHant"]]],
  ["required document", requiredDocumentSchema, { nameEn: "Scheme", nameZhHant: "計劃書", envelope: "technical", acceptedTypes: "pdf", maxSizeMb: "20" }, [["nameEn", "documentNameEn"], ["nameZhHant", "documentNameZhHant"]]],
  [
    "release builder",
    releaseBuilderSchema,
    builder,
    [["titleEn", "titleEn"], ["titleZhHant", "titleZhHant"], ["eligibilityEn", "eligibilityEn"], ["eligibilityZhHant", "eligibilityZhHant"], ["criteria[0].nameEn", "criterionNameEn"], ["requiredDocuments[0].nameZhHant", "documentNameZhHant"]],
  ],
];

describe("every form refuses hidden characters in its free text, in the browser and on the server alike", () => {
  it.each(forms)("the %s form", (_, schema, good, fields) => {
    const accepted = parseWithZod(formData(good), { schema, formatError: problemsOf });
    expect(accepted.status === "error" ? accepted.error : null).toBeNull();
    for (const [name, field] of fields) {
      for (const character of [RLO, BEL, "\u2066", "\u200b"]) {
        const typed = `${String(good[name])}${character}x`;
        const refused = parseWithZod(formData({ ...good, [name]: typed }), { schema, formatError: problemsOf });
        expect(refused.status, `${name} with U+${character.codePointAt(0)!.toString(16)}`).toBe("error");
        expect(refused.status === "error" ? refused.error?.[name] : null).toEqual([{ key: `text.hidden.${field}`, values: { character: `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}` } }]);
        // The form shows what was typed, hidden character and all, for the person to correct.
        const initial = refused.reply().initialValue as Record<string, unknown> | undefined;
        const shown = name.split(/[[\].]+/).filter(Boolean).reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], initial);
        expect(shown).toBe(typed);
      }
    }
  });

  it("long text keeps its line breaks and tabs", () => {
    const kept = parseWithZod(formData({ revision: "1", programme: "2027: design\r\n2028:\tbuild" }), { schema: proposalDraftSchema() });
    expect(kept.status === "success" ? kept.value.programme : null).toBe("2027: design\r\n2028:\tbuild");
  });
});
