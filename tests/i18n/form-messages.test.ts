import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  acceptStaffSchema,
  changePasswordSchema,
  forgotPasswordSchema,
  inviteMemberSchema,
  inviteStaffSchema,
  loginSchema,
  organisationSchema,
  profileSchema,
  resetPasswordSchema,
  signupSchema,
} from "~/accounts/schemas.ts";
import { answerSchema, questionSchema } from "~/clarifications/clarifications.server.ts";
import { languages, resources } from "~/platform/i18n/i18n.ts";
import { problemsOf } from "~/platform/ui/problems.ts";
import { plotFieldsSchema, retirePlotSchema } from "~/plots/schemas.ts";
import { proposalDraftSchema } from "~/proposals/schemas.ts";
import { addendumSchema } from "~/releases/addenda.server.ts";
import { publicReasonSchema } from "~/releases/cancellation.server.ts";
import { releaseBuilderSchema } from "~/releases/schemas.ts";

type Catalog = { [key: string]: string | Catalog };

function lookUp(language: (typeof languages)[number], key: string): string | undefined {
  const value = key.split(".").reduce<Catalog | string | undefined>((node, part) => (typeof node === "object" ? node[part] : undefined), resources[language].common as unknown as Catalog);
  return typeof value === "string" ? value : undefined;
}

/** Each form's schema, with what an empty form (every field left blank) sends. */
const forms: [string, z.ZodType, Record<string, string | string[]>][] = [
  ["sign-up", signupSchema, { name: "", email: "", password: "", language: "" }],
  ["sign-in", loginSchema, { email: "", password: "" }],
  ["forgotten password", forgotPasswordSchema, { email: "" }],
  ["new password", resetPasswordSchema, { token: "t", password: "", confirm: "" }],
  ["profile", profileSchema, { intent: "profile", name: "", language: "" }],
  ["password change", changePasswordSchema, { intent: "password", current: "", password: "", confirm: "" }],
  ["organisation", organisationSchema, { name: "", registrationNumber: "", origin: "" }],
  ["member invitation", inviteMemberSchema, { intent: "invite", email: "", role: "" }],
  ["staff invitation", inviteStaffSchema, { email: "", role: "" }],
  ["staff account", acceptStaffSchema, { intent: "create-staff", name: "", password: "", language: "" }],
  ["plot", plotFieldsSchema, { code: "", phase: "", maxGfaM2: "", polygon: "" }],
  ["plot retirement", retirePlotSchema, { reason: "" }],
  ["clarification question", questionSchema, { question: "" }],
  ["clarification answer", answerSchema, { clarificationId: "00000000-0000-4000-8000-000000000000", answer: "" }],
  ["cancellation or withdrawal", publicReasonSchema, { reasonEn: "", reasonZhHant: "" }],
  ["addendum", addendumSchema, { notesEn: "", notesZhHant: "", clarificationEndsAt: "", submissionDeadline: "", openingAt: "" }],
  [
    "release builder",
    releaseBuilderSchema,
    {
      code: "",
      phase: "",
      titleEn: "",
      titleZhHant: "",
      passMarkPercent: "",
      publicationAt: "",
      clarificationEndsAt: "",
      submissionDeadline: "",
      openingAt: "",
      "criteria[0].nameEn": "Quality",
      "criteria[0].envelope": "",
      "requiredDocuments[0].nameZhHant": "計劃書",
    },
  ],
];

function formData(fields: Record<string, string | string[]>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) data.append(name, v);
  return data;
}

describe("what the forms say when they are sent empty", () => {
  it.each(forms)("the %s form names what to do for every field, in every language", (_, schema, fields) => {
    const submission = parseWithZod(formData(fields), { schema, formatError: problemsOf });
    expect(submission.status).toBe("error");
    const problems = Object.entries(submission.status === "error" ? (submission.error ?? {}) : {}).flatMap(([field, list]) => (list ?? []).map((p) => ({ field, key: p.key })));
    expect(problems.length).toBeGreaterThan(0);
    for (const { field, key } of problems) {
      // Never the generic "fill in this field": each message is the field's own.
      expect(key, field).not.toBe("errors.required");
      for (const language of languages) expect(lookUp(language, key), `${field}: ${key} in ${language}`).toBeTruthy();
    }
  });

  it("flags an empty full name on sign-up, and one of spaces", () => {
    for (const name of ["", "   "]) {
      const submission = parseWithZod(formData({ name, email: "a@example.com", password: "a long enough passphrase", language: "en" }), { schema: signupSchema });
      expect(submission.status === "error" ? submission.error : null).toEqual({ name: ["errors.enterName"] });
    }
  });

  it("names the limit a length check broke, so the message can say it", () => {
    const submission = parseWithZod(formData({ reason: "x".repeat(600) }), { schema: retirePlotSchema, formatError: problemsOf });
    expect(submission.status === "error" ? submission.error?.reason : null).toEqual([{ key: "inventory.errors.reason", values: { max: 500 } }]);
    const draft = parseWithZod(formData({ revision: "1", programme: "x".repeat(20_001) }), { schema: proposalDraftSchema(), formatError: problemsOf });
    expect(draft.status === "error" ? draft.error?.programme : null).toEqual([{ key: "errors.textTooLong", values: { max: 20_000 } }]);
  });
});
