import { z } from "zod";
import { languages } from "~/platform/i18n/i18n.ts";
import { refuseHiddenCharacters } from "~/platform/plain-text.ts";
import { isWellFormedRegistrationNumber } from "~/organisations/registration-number.ts";

// One schema per form, used by the browser (Conform, for early messages) and, always, by the server.
// Messages are catalog keys, shown in the reader's language.

/** An email address; `missing` says whose address the field asks for. */
const emailOf = (missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .max(254, { error: "errors.emailTooLong" })
    .pipe(z.email({ error: "errors.email" }))
    .transform((value) => value.toLowerCase());
const email = emailOf("errors.enterEmail");
const inviteeEmail = emailOf("errors.enterInviteeEmail");
const passwordOf = (missing: string) => z.string({ error: missing }).max(256, { error: "errors.passwordTooLong" });
const password = passwordOf("errors.enterPassword");
const newPassword = passwordOf("errors.enterNewPassword").min(12, { error: "errors.passwordTooShort" });
const confirmation = passwordOf("errors.enterConfirm");
const language = z.enum(languages, { error: "errors.chooseLanguage" });
/** Names are shown to others: no control characters, nothing that turns text around or hides in it. */
const name = z
  .string({ error: "errors.enterName" })
  .trim()
  .min(1, { error: "errors.enterName" })
  .max(120, { error: "errors.nameTooLong" })
  .superRefine(refuseHiddenCharacters("fullName"));
/** The page to come back to afterwards; the server accepts only a path on this site (safeRedirect). */
const redirectTo = z.string().max(2_000).optional();
/** A field people never see; software that fills every field gives itself away. */
const honeypot = z.string().max(0).optional().catch("bot");

export const loginSchema = z.object({
  email,
  password,
  redirectTo,
  website: honeypot,
});

export const signupSchema = z.object({
  name,
  email,
  password: newPassword,
  language,
  redirectTo,
  website: honeypot,
});

export const forgotPasswordSchema = z.object({ email, website: honeypot });

export const resetPasswordSchema = z
  .object({ token: z.string().max(100), password: newPassword, confirm: confirmation })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], error: "errors.passwordsDiffer" });

export const profileSchema = z.object({ intent: z.literal("profile"), name, language });

export const changePasswordSchema = z
  .object({ intent: z.literal("password"), current: passwordOf("errors.enterCurrentPassword").min(1, { error: "errors.enterCurrentPassword" }), password: newPassword, confirm: confirmation })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], error: "errors.passwordsDiffer" });

export const HONEYPOT_FIELD = "website";

const origins = ["hong_kong", "mainland", "overseas"] as const;
export const focusSectors = ["ai_data_science", "life_health_technology", "microelectronics", "new_energy", "advanced_manufacturing", "fintech", "other"] as const;
export const memberRoles = ["owner", "submitter", "contributor"] as const;
export const staffRoles = ["administrator", "evaluator"] as const;
export { origins };

export const organisationSchema = z.object({
  name: z
    .string({ error: "errors.enterOrganisationName" })
    .trim()
    .min(2, { error: "errors.organisationNameTooShort" })
    .max(200, { error: "errors.organisationNameTooLong" })
    .superRefine(refuseHiddenCharacters("organisationName")),
  registrationNumber: z
    .string({ error: "errors.enterRegistrationNumber" })
    .trim()
    .max(40, { error: "errors.registrationNumberTooLong" })
    // Kept as typed (the organisation's page shows it so); compared by its key (registration-number.ts).
    .refine(isWellFormedRegistrationNumber, { error: "errors.registrationNumber" }),
  origin: z.enum(origins, { error: "errors.chooseOrigin" }),
  focusSectors: z.array(z.enum(focusSectors), { error: "errors.chooseFocusSectors" }).min(1, { error: "errors.chooseFocusSectors" }),
});

export const inviteMemberSchema = z.object({ intent: z.literal("invite"), email: inviteeEmail, role: z.enum(memberRoles, { error: "errors.chooseRole" }) });
export const memberRoleSchema = z.object({ intent: z.literal("role"), userId: z.uuid(), role: z.enum(memberRoles) });
export const removeMemberSchema = z.object({ intent: z.literal("remove"), userId: z.uuid() });
export const inviteStaffSchema = z.object({ email: inviteeEmail, role: z.enum(staffRoles, { error: "errors.chooseRole" }) });
export const acceptStaffSchema = z.object({ intent: z.literal("create-staff"), name, password: newPassword, language });
