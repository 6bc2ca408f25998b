import { readdirSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { ActionFunction, LoaderFunction } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { testContext } from "../support/routes.ts";
import { submitProposal } from "~/proposals/submission.server.ts";
import { startUpload } from "~/proposals/uploads.server.ts";
import { completeProposal, DEMO_MEMBERS, OPEN_RELEASE, requiredDocuments } from "../support/proposals.ts";
import { sessionCookieFor } from "../support/users.ts";
import { sealedProposal } from "../support/evaluation.ts";
import { createDevelopment } from "~/developments/developments.server.ts";
import { variationRequestSchema } from "~/developments/schemas.ts";
import { requestVariation } from "~/developments/variations.server.ts";

const db = withTestDatabase();

const roles = ["anonymous", "proposer", "contributor", "submitter", "owner", "evaluator", "administrator"] as const;
type Role = (typeof roles)[number];
const accounts: Record<Exclude<Role, "anonymous">, string> = {
  proposer: "newcomer@demo.hsitp.example",
  contributor: "contributor@demo.hsitp.example",
  submitter: "submitter@demo.hsitp.example",
  owner: "proposer@demo.hsitp.example",
  evaluator: "evaluator@demo.hsitp.example",
  administrator: "admin@demo.hsitp.example",
};

/** 200, 4xx, "login" (sent to sign in: the 401 of a page) or "away" (another redirect). */
type Outcome = 200 | 400 | 403 | 404 | 409 | 422 | "login" | "away";
const everyone = (outcome: Outcome) => Object.fromEntries(roles.map((r) => [r, outcome])) as Record<Role, Outcome>;
const signedIn = (outcome: Outcome, anonymous: Outcome = "login") => ({ ...everyone(outcome), anonymous });
const only = (allowed: Role[], denied: Outcome) =>
  ({ ...signedIn(denied), ...Object.fromEntries(allowed.map((r) => [r, 200])) }) as Record<Role, Outcome>;

/** Members of the proposing organisation only; everyone else is told it does not exist (404, never 403). */
const proposalMembers = (outcome: Outcome = 200) => ({ ...only(["contributor", "submitter", "owner"], 404), contributor: outcome, submitter: outcome, owner: outcome });

/**
 * Every route module, the address to try, and what each role gets from its loader (GET). In paths
 * and params, `:id` is the demo organisation, `:proposal` its proposal for 1W-07 (submitted),
 * `:receipt` that submission's receipt number, `:document` one of its stored files and `:upload` a
 * file still being uploaded. `noLoader`: the route has only an action (GET renders the same page for
 * everyone).
 */
const table: Record<string, { path: string; params?: Record<string, string>; expect: Record<Role, Outcome>; noLoader?: true }> = {
  "_index.tsx": { path: "/", expect: everyone(200) },
  "$.tsx": { path: "/nowhere", params: { "*": "nowhere" }, expect: everyone(404) },
  "healthz.ts": { path: "/healthz", expect: everyone(200) },
  // The benchmarks' reference page exists only in a portal started for a benchmark (tests/server/benchmark-baseline.test.ts).
  "bench.baseline.tsx": { path: "/bench/baseline", expect: everyone(404) },
  "files.ts": { path: "/files?key=x&sig=y", expect: everyone(403) },
  "feeds.releases[.atom].ts": { path: "/feeds/releases.atom", expect: everyone(200) },
  "feeds.transparency[.atom].ts": { path: "/feeds/transparency.atom", expect: everyone(200) },
  "transparency.tsx": { path: "/transparency", expect: everyone(200) },
  "transparency.heads[.json].ts": { path: "/transparency/heads.json", expect: everyone(200) },
  "open-data.ocds.releases[.json].ts": { path: "/open-data/ocds/releases.json", expect: everyone(200) },
  "open-data.ocds.releases.$file.ts": { path: "/open-data/ocds/releases/HSITP-2026-02.json", params: { file: "HSITP-2026-02.json" }, expect: everyone(200) },
  "language.ts": { path: "/language", expect: everyone(404) },
  "logout.ts": { path: "/logout", expect: everyone(404) },
  "releases._index.tsx": { path: "/releases", expect: everyone(200) },
  "releases.$code.documents.$id.ts": { path: "/releases/HSITP-2026-02/documents/x", params: { code: "HSITP-2026-02", id: "00000000-0000-0000-0000-000000000000" }, expect: everyone(404) },
  "releases.$code.tsx": { path: "/releases/HSITP-2026-02", params: { code: "HSITP-2026-02" }, expect: everyone(200) },
  "plots.$code.tsx": { path: "/plots/1W-07", params: { code: "1W-07" }, expect: everyone(200) },
  "login.tsx": { path: "/login", expect: { ...everyone("away"), anonymous: 200 } },
  "signup.tsx": { path: "/signup", expect: { ...everyone("away"), anonymous: 200 } },
  "verify-email.tsx": { path: "/verify-email", expect: everyone(200) },
  "forgot-password.tsx": { path: "/forgot-password", expect: everyone(200) },
  "reset-password.tsx": { path: "/reset-password?token=nope", expect: everyone(200) },
  "invitations.$token.tsx": { path: "/invitations/nope", params: { token: "nope" }, expect: everyone(200) },
  "account.tsx": { path: "/account", expect: signedIn(200) },
  "organisations._index.tsx": { path: "/organisations", expect: only(["proposer", "contributor", "submitter", "owner"], 403) },
  "organisations.$id.tsx": { path: "/organisations/:id", expect: only(["contributor", "submitter", "owner"], 404) },
  "admin._index.tsx": { path: "/admin", expect: only(["administrator"], 403) },
  "admin.audit.tsx": { path: "/admin/audit", expect: only(["administrator"], 403) },
  "admin.outbox.tsx": { path: "/admin/outbox", expect: only(["administrator"], 403) },
  "admin.plots._index.tsx": { path: "/admin/plots", expect: only(["administrator"], 403) },
  "admin.releases._index.tsx": { path: "/admin/releases", expect: only(["administrator"], 403) },
  "admin.releases.new.tsx": { path: "/admin/releases/new", expect: only(["administrator"], 403) },
  "admin.releases.$code/route.tsx": { path: "/admin/releases/HSITP-2027-01", params: { code: "HSITP-2027-01" }, expect: only(["administrator"], 403) },
  "admin.plots.$code.tsx": { path: "/admin/plots/2E-01", params: { code: "2E-01" }, expect: only(["administrator"], 403) },
  // A proposer in no organisation gets the page that says why they cannot bid yet and what to do.
  "proposals._index.tsx": { path: "/proposals", expect: only(["proposer", "contributor", "submitter", "owner"], 403) },
  // Evaluation: staff evaluators only, and then only on the panel of that release (none in the demo's open release: 404).
  "admin.releases.$code_.evaluation.tsx": { path: "/admin/releases/HSITP-2026-02/evaluation", params: { code: "HSITP-2026-02" }, expect: only(["administrator"], 403) },
  "evaluation._index.tsx": { path: "/evaluation", expect: only(["evaluator"], 403) },
  // Confirmation pages of the steps that cannot be undone: a refused step is told on the page (200).
  "evaluation.$code_.open.$envelope.tsx": { path: "/evaluation/HSITP-2026-02/open/technical", params: { code: "HSITP-2026-02", envelope: "technical" }, expect: { ...signedIn(403), evaluator: 404 } },
  "admin.releases.$code_.publish-results.tsx": { path: "/admin/releases/HSITP-2026-02/publish-results", params: { code: "HSITP-2026-02" }, expect: only(["administrator"], 403) },
  "admin.releases.$code_.cancel.tsx": { path: "/admin/releases/HSITP-2026-02/cancel", params: { code: "HSITP-2026-02" }, expect: only(["administrator"], 403) },
  "admin.releases.$code_.withdraw.tsx": { path: "/admin/releases/HSITP-2026-02/withdraw?plot=1W-07", params: { code: "HSITP-2026-02" }, expect: only(["administrator"], 403) },
  "admin.releases.$code_.chair.tsx": { path: "/admin/releases/HSITP-2026-03/chair", params: { code: "HSITP-2026-03" }, expect: only(["administrator"], 403) },
  "admin.releases.$code_.delete.tsx": { path: "/admin/releases/HSITP-2027-01/delete", params: { code: "HSITP-2027-01" }, expect: only(["administrator"], 403) },
  "evaluation.$code.tsx": { path: "/evaluation/HSITP-2026-02", params: { code: "HSITP-2026-02" }, expect: { ...signedIn(403), evaluator: 404 } },
  "evaluation.$code_.moderation.tsx": { path: "/evaluation/HSITP-2026-02/moderation", params: { code: "HSITP-2026-02" }, expect: { ...signedIn(403), evaluator: 404 } },
  "evaluation.$code_.proposals.$id.tsx": { path: "/evaluation/HSITP-2026-02/proposals/:proposal", params: { code: "HSITP-2026-02", id: ":proposal" }, expect: { ...signedIn(403), evaluator: 404 } },
  "evaluation.$code.documents.$documentId.ts": { path: "/evaluation/HSITP-2026-02/documents/:document", params: { code: "HSITP-2026-02", documentId: ":document" }, expect: { ...signedIn(403), evaluator: 404 } },
  "evaluation.$code.opening-record[.csv].ts": { path: "/evaluation/HSITP-2026-02/opening-record.csv", params: { code: "HSITP-2026-02" }, expect: signedIn(404) },
  "evaluation.$code.report[.csv].ts": { path: "/evaluation/HSITP-2026-02/report.csv", params: { code: "HSITP-2026-02" }, expect: signedIn(404) },
  "evaluation.$code.report[.pdf].ts": { path: "/evaluation/HSITP-2026-02/report.pdf", params: { code: "HSITP-2026-02" }, expect: signedIn(404) },
  "proposals.$id/route.tsx": { path: "/proposals/:proposal", params: { id: ":proposal" }, expect: proposalMembers() },
  "proposals.$id.uploads.ts": { path: "/proposals/:proposal/uploads", params: { id: ":proposal" }, expect: everyone(404) },
  "proposals.$id.uploads.$documentId.ts": { path: "/proposals/:proposal/uploads/:upload", params: { id: ":proposal", documentId: ":upload" }, expect: everyone(404) },
  "proposals.$id.documents.$documentId.ts": { path: "/proposals/:proposal/documents/:document", params: { id: ":proposal", documentId: ":document" }, expect: proposalMembers("away") },
  "proposals.$id_.check.tsx": { path: "/proposals/:proposal/check", params: { id: ":proposal" }, expect: proposalMembers() },
  "proposals.$id_.submitted.$number.tsx": { path: "/proposals/:proposal/submitted/:receipt", params: { id: ":proposal", number: ":receipt" }, expect: proposalMembers() },
  "proposals.$id_.receipts.$number.tsx": { path: "/proposals/:proposal/receipts/:receipt", params: { id: ":proposal", number: ":receipt" }, expect: proposalMembers() },
  // Before the deadline there is no committed set to prove membership of: not found, for members too.
  "proposals.$id_.receipts.$number_.proof.ts": { path: "/proposals/:proposal/receipts/:receipt/proof", params: { id: ":proposal", number: ":receipt" }, expect: proposalMembers(404) },
  "proposals.$id_.receipts.$number_.download.ts": { path: "/proposals/:proposal/receipts/:receipt/download", params: { id: ":proposal", number: ":receipt" }, expect: proposalMembers() },
  // Challenges: owners and submitters lodge; the challenging organisation's members (`:challenge`
  // is the demo organisation's) and administrators read; anyone else is told nothing exists.
  "releases.$code_.challenge.tsx": { path: "/releases/HSITP-2026-01/challenge", params: { code: "HSITP-2026-01" }, expect: only(["submitter", "owner"], 403) },
  "challenges.$id.tsx": { path: "/challenges/:challenge", params: { id: ":challenge" }, expect: only(["contributor", "submitter", "owner"], 403) },
  "challenges.$id.documents.$documentId.ts": { path: "/challenges/:challenge/documents/:challengeDocument", params: { id: ":challenge", documentId: ":challengeDocument" }, expect: { ...signedIn(404), contributor: "away", submitter: "away", owner: "away", administrator: "away" } },
  "admin.challenges._index.tsx": { path: "/admin/challenges", expect: only(["administrator"], 403) },
  "admin.challenges.$id.tsx": { path: "/admin/challenges/:challenge", params: { id: ":challenge" }, expect: only(["administrator"], 403) },
  // Progress reports: the awarded organisation's members (`:development` is the demo organisation's)
  // and administrators read; its owners and submitters report; administrators review.
  "developments.$id_.reports._index.tsx": { path: "/developments/:development/reports", params: { id: ":development" }, expect: only(["contributor", "submitter", "owner", "administrator"], 403) },
  "developments.$id_.reports.new.tsx": { path: "/developments/:development/reports/new", params: { id: ":development" }, expect: only(["submitter", "owner"], 403) },
  "developments.$id_.reports.$reportId.tsx": { path: "/developments/:development/reports/:progressReport", params: { id: ":development", reportId: ":progressReport" }, expect: only(["contributor", "submitter", "owner", "administrator"], 403) },
  "developments.$id_.reports.$reportId.documents.$documentId.ts": { path: "/developments/:development/reports/:progressReport/documents/:progressDocument", params: { id: ":development", reportId: ":progressReport", documentId: ":progressDocument" }, expect: { ...signedIn(404), contributor: "away", submitter: "away", owner: "away", administrator: "away" } },
  "admin.developments.$id_.reports.$reportId.tsx": { path: "/admin/developments/:development/reports/:progressReport", params: { id: ":development", reportId: ":progressReport" }, expect: only(["administrator"], 403) },
  "admin.developments.$id_.reports.$reportId_.verify.tsx": { path: "/admin/developments/:development/reports/:progressReport/verify", params: { id: ":development", reportId: ":progressReport" }, expect: only(["administrator"], 403) },
  // The park's portfolio: public, with its CSV; the view per development and the targets for administrators.
  "portfolio.tsx": { path: "/portfolio", expect: everyone(200) },
  "portfolio[.csv].ts": { path: "/portfolio.csv", expect: everyone(200) },
  "admin.portfolio._index.tsx": { path: "/admin/portfolio", expect: only(["administrator"], 403) },
  "admin.portfolio.targets.tsx": { path: "/admin/portfolio/targets", expect: only(["administrator"], 403) },
  // Development records: the awarded organisation's members read theirs (`:development` is the demo
  // organisation's); owners, submitters and administrators ask for variations; administrators decide.
  "developments._index.tsx": { path: "/developments", expect: { ...signedIn(200), evaluator: 403, administrator: 403 } },
  "developments.$id.tsx": { path: "/developments/:development", params: { id: ":development" }, expect: only(["contributor", "submitter", "owner"], 403) },
  "developments.$id_.variations.new.tsx": { path: "/developments/:development/variations/new?subject=research_posts", params: { id: ":development" }, expect: only(["submitter", "owner", "administrator"], 403) },
  "admin.developments._index.tsx": { path: "/admin/developments", expect: only(["administrator"], 403) },
  "admin.developments.$id.tsx": { path: "/admin/developments/:development", params: { id: ":development" }, expect: only(["administrator"], 403) },
  "admin.developments.$id_.variations.$variationId.tsx": { path: "/admin/developments/:development/variations/:variation", params: { id: ":development", variationId: ":variation" }, expect: only(["administrator"], 403) },
  "receipts.verify.tsx": { path: "/receipts/verify", expect: everyone(200), noLoader: true },
  "receipts.public-key.ts": { path: "/receipts/public-key", expect: everyone(200) },
  // The authority's help and policy pages: for everyone, signed in or not.
  "help.how-tenders-work.tsx": { path: "/help/how-tenders-work", expect: everyone(200), noLoader: true },
  "help.faq.tsx": { path: "/help/faq", expect: everyone(200), noLoader: true },
  "contact.tsx": { path: "/contact", expect: everyone(200) },
  "accessibility.tsx": { path: "/accessibility", expect: everyone(200), noLoader: true },
  "privacy.tsx": { path: "/privacy", expect: everyone(200), noLoader: true },
  "terms.tsx": { path: "/terms", expect: everyone(200), noLoader: true },
};

/** More addresses of routes already in the table. */
const moreGets: { route: string; path: string; params?: Record<string, string>; expect: Record<Role, Outcome> }[] = [
  { route: "proposals.$id/route.tsx", path: "/proposals/00000000-0000-4000-8000-000000000000", params: { id: "00000000-0000-4000-8000-000000000000" }, expect: { ...signedIn(404) } },
  { route: "proposals.$id.documents.$documentId.ts", path: "/proposals/:proposal/documents/:upload", params: { id: ":proposal", documentId: ":upload" }, expect: signedIn(404) },
  // Another organisation's challenge does not exist for the demo organisation's members.
  { route: "challenges.$id.tsx", path: "/challenges/:otherChallenge", params: { id: ":otherChallenge" }, expect: { ...only(["contributor", "submitter", "owner"], 403), contributor: 404, submitter: 404, owner: 404 } },
  // Another organisation's development record does not exist for the demo organisation's members.
  { route: "developments.$id.tsx", path: "/developments/:otherDevelopment", params: { id: ":otherDevelopment" }, expect: { ...only(["contributor", "submitter", "owner"], 403), contributor: 404, submitter: 404, owner: 404 } },
  { route: "developments.$id_.variations.new.tsx", path: "/developments/:otherDevelopment/variations/new", params: { id: ":otherDevelopment" }, expect: { ...only(["submitter", "owner", "administrator"], 403), contributor: 404, submitter: 404, owner: 404 } },
  { route: "admin.developments.$id.tsx", path: "/admin/developments/00000000-0000-4000-8000-000000000000", params: { id: "00000000-0000-4000-8000-000000000000" }, expect: { ...only(["administrator"], 403), administrator: 404 } },
];

/**
 * What each role gets when it posts to actions that change something (a harmless, valid-looking
 * form; `json` sends a JSON body instead, `method` another method).
 */
const actions: { route: string; path: string; params?: Record<string, string>; form?: Record<string, string>; json?: unknown; method?: string; expect: Record<Role, Outcome> }[] = [
  { route: "account.tsx", path: "/account", form: { intent: "nothing" }, expect: signedIn(400) },
  { route: "organisations.$id.tsx", path: "/organisations/:id", form: { intent: "invite", email: "someone@example.com", role: "owner" }, expect: { ...signedIn(404), contributor: 403, submitter: 403, owner: "away" } },
  { route: "admin._index.tsx", path: "/admin", form: { email: "x", role: "evaluator" }, expect: { ...signedIn(403), administrator: 400 } },
  { route: "organisations._index.tsx", path: "/organisations", form: { name: "" }, expect: { ...signedIn(400), evaluator: 403, administrator: 403 } },
  { route: "admin.plots._index.tsx", path: "/admin/plots", form: { code: "" }, expect: { ...signedIn(403), administrator: 400 } },
  { route: "releases.$code.tsx", path: "/releases/HSITP-2026-02", params: { code: "HSITP-2026-02" }, form: { intent: "follow" }, expect: signedIn("away") },
  { route: "admin.releases.new.tsx", path: "/admin/releases/new", form: { code: "" }, expect: { ...signedIn(403), administrator: 400 } },
  { route: "admin.releases.$code/route.tsx", path: "/admin/releases/HSITP-2027-01", params: { code: "HSITP-2027-01" }, form: { intent: "nothing" }, expect: { ...signedIn(403), administrator: 400 } },
  { route: "admin.plots.$code.tsx", path: "/admin/plots/2E-01", params: { code: "2E-01" }, form: { intent: "retire", reason: "" }, expect: { ...signedIn(403), administrator: 400 } },
  // Starting a proposal the organisation already has opens it.
  { route: "admin.releases.$code_.evaluation.tsx", path: "/admin/releases/HSITP-2026-02/evaluation", params: { code: "HSITP-2026-02" }, form: { intent: "panel" }, expect: { ...signedIn(403), administrator: 400 } },
  { route: "evaluation.$code.tsx", path: "/evaluation/HSITP-2026-02", params: { code: "HSITP-2026-02" }, form: { intent: "open-technical" }, expect: { ...signedIn(403), evaluator: 404 } },
  // The steps that cannot be undone, posted without their confirmation: refused, nothing done.
  { route: "evaluation.$code_.open.$envelope.tsx", path: "/evaluation/HSITP-2026-02/open/technical", params: { code: "HSITP-2026-02", envelope: "technical" }, form: {}, expect: { ...signedIn(403), evaluator: 404 } },
  { route: "admin.releases.$code_.publish-results.tsx", path: "/admin/releases/HSITP-2026-02/publish-results", params: { code: "HSITP-2026-02" }, form: {}, expect: { ...signedIn(403), administrator: 400 } },
  { route: "admin.releases.$code_.cancel.tsx", path: "/admin/releases/HSITP-2026-02/cancel", params: { code: "HSITP-2026-02" }, form: { reasonEn: "A reason", reasonZhHant: "理由" }, expect: { ...signedIn(403), administrator: 400 } },
  { route: "admin.releases.$code_.withdraw.tsx", path: "/admin/releases/HSITP-2026-02/withdraw?plot=1W-07", params: { code: "HSITP-2026-02" }, form: { reasonEn: "A reason", reasonZhHant: "理由" }, expect: { ...signedIn(403), administrator: 400 } },
  { route: "admin.releases.$code_.chair.tsx", path: "/admin/releases/HSITP-2026-03/chair", params: { code: "HSITP-2026-03" }, form: { reason: "A reason" }, expect: { ...signedIn(403), administrator: 400 } },
  { route: "admin.releases.$code_.delete.tsx", path: "/admin/releases/HSITP-2027-01/delete", params: { code: "HSITP-2027-01" }, form: {}, expect: { ...signedIn(403), administrator: 400 } },
  { route: "evaluation.$code_.moderation.tsx", path: "/evaluation/HSITP-2026-02/moderation", params: { code: "HSITP-2026-02" }, form: { intent: "decide" }, expect: { ...signedIn(403), evaluator: 404 } },
  { route: "evaluation.$code_.proposals.$id.tsx", path: "/evaluation/HSITP-2026-02/proposals/:proposal", params: { code: "HSITP-2026-02", id: ":proposal" }, form: { intent: "submit" }, expect: { ...signedIn(403), evaluator: 404 } },
  { route: "proposals._index.tsx", path: "/proposals", form: { release: OPEN_RELEASE, plot: "1W-07" }, expect: { ...signedIn(403), contributor: "away", submitter: "away", owner: "away" } },
  { route: "proposals.$id/route.tsx", path: "/proposals/:proposal", params: { id: ":proposal" }, form: { intent: "save", revision: "1", grossFloorAreaM2: "lots" }, expect: proposalMembers(400) },
  { route: "proposals.$id/route.tsx", path: "/proposals/:proposal", params: { id: ":proposal" }, form: { intent: "remove-document", documentId: "00000000-0000-4000-8000-000000000000" }, expect: proposalMembers(409) },
  { route: "proposals.$id/route.tsx", path: "/proposals/:proposal", params: { id: ":proposal" }, form: { intent: "nothing" }, expect: proposalMembers(400) },
  // Submitting without the declaration: refused before anything is looked at, for every member.
  { route: "proposals.$id_.check.tsx", path: "/proposals/:proposal/check", params: { id: ":proposal" }, form: { intent: "submit", revision: "2" }, expect: proposalMembers(400) },
  { route: "proposals.$id.uploads.ts", path: "/proposals/:proposal/uploads", params: { id: ":proposal" }, json: { intent: "status", documentId: ":upload" }, expect: proposalMembers() },
  { route: "proposals.$id.uploads.ts", path: "/proposals/:proposal/uploads", params: { id: ":proposal" }, json: { intent: "start", requiredDocumentId: ":required", fileName: "setup.exe", size: 100 }, expect: proposalMembers(422) },
  // A file already stored is not being uploaded: nothing is written.
  { route: "proposals.$id.uploads.$documentId.ts", path: "/proposals/:proposal/uploads/:document", params: { id: ":proposal", documentId: ":document" }, method: "PUT", expect: proposalMembers(422) },
  { route: "receipts.verify.tsx", path: "/receipts/verify", form: { receipt: "not a receipt" }, expect: everyone(200) },
  // Lodging without grounds: refused for those who may lodge, forbidden to everyone else; deciding unconfirmed and empty: refused.
  { route: "releases.$code_.challenge.tsx", path: "/releases/HSITP-2026-01/challenge", params: { code: "HSITP-2026-01" }, form: { grounds: "" }, expect: { ...signedIn(403), submitter: 400, owner: 400 } },
  { route: "admin.challenges.$id.tsx", path: "/admin/challenges/:challenge", params: { id: ":challenge" }, form: { decision: "upheld" }, expect: { ...signedIn(403), administrator: 400 } },
  // Reporting without figures, querying without a note, verifying unconfirmed: refused for those who may, forbidden to everyone else.
  { route: "developments.$id_.reports.new.tsx", path: "/developments/:development/reports/new", params: { id: ":development" }, form: { intent: "check", dueOn: "" }, expect: { ...signedIn(403), submitter: 400, owner: 400 } },
  { route: "admin.developments.$id_.reports.$reportId.tsx", path: "/admin/developments/:development/reports/:progressReport", params: { id: ":development", reportId: ":progressReport" }, form: { note: "" }, expect: { ...signedIn(403), administrator: 400 } },
  { route: "admin.developments.$id_.reports.$reportId_.verify.tsx", path: "/admin/developments/:development/reports/:progressReport/verify", params: { id: ":development", reportId: ":progressReport" }, form: {}, expect: { ...signedIn(403), administrator: 400 } },
  // Targets: a share over 100 is refused for administrators, forbidden to everyone else; nothing is changed.
  { route: "admin.portfolio.targets.tsx", path: "/admin/portfolio/targets", form: { "sectorShares.ai_data_science": "150" }, expect: { ...signedIn(403), administrator: 400 } },
  // Asking for a variation without a value or reasons: refused for those who may ask; refusing one without a note: refused.
  { route: "developments.$id_.variations.new.tsx", path: "/developments/:development/variations/new", params: { id: ":development" }, form: { subject: "research_posts", value: "" }, expect: { ...signedIn(403), submitter: 400, owner: 400, administrator: 400 } },
  { route: "admin.developments.$id_.variations.$variationId.tsx", path: "/admin/developments/:development/variations/:variation", params: { id: ":development", variationId: ":variation" }, form: { decision: "refused" }, expect: { ...signedIn(403), administrator: 400 } },
];

const cookies = {} as Record<Role, string>;
const placeholders: Record<string, string> = {};

beforeAll(async () => {
  await seedDemoPark(db());
  cookies.anonymous = "";
  for (const [role, email] of Object.entries(accounts)) cookies[role as Role] = await sessionCookieFor(email);
  placeholders.id = (await db().organisation.findFirstOrThrow()).id;
  // The demo organisation's proposal for 1W-07: submitted, with stored files and one file on its way.
  const { user, id, documents } = await completeProposal(DEMO_MEMBERS.owner, "1W-07");
  const { receipt } = await submitProposal(user, id);
  const optional = (await requiredDocuments()).find((r) => !r.mandatory)!;
  const upload = await startUpload(user, id, { requiredDocumentId: optional.id, fileName: "layout.pdf", size: 1_000 });
  Object.assign(placeholders, { proposal: id, receipt: receipt.receiptNumber, document: documents[0]!.documentId, upload: upload.documentId, required: optional.id });
  // A challenge of the demo organisation (written directly: lodging is tested in tests/results), with a document.
  const award = await db().award.findFirstOrThrow({ where: { release: { code: "HSITP-2026-01" }, plot: { code: "1W-01" } } });
  const challenge = await db().challenge.create({
    data: { awardId: award.id, organisationId: placeholders.id!, lodgedById: user.id, grounds: "Grounds of the demo organisation's challenge.", receiptNumber: "C-TEST-0000-0001", lodgedAt: new Date(), documents: { create: { fileName: "grounds.pdf", contentType: "application/pdf", size: 10, sha256: "0".repeat(64), storageKey: "challenge-documents/2026-11/00000000-0000-4000-8000-000000000001" } } },
    include: { documents: true },
  });
  placeholders.challenge = challenge.id;
  placeholders.challengeDocument = challenge.documents[0]!.id;
  placeholders.otherChallenge = (await db().challenge.findFirstOrThrow({ where: { receiptNumber: "C-DEMO-0000-0001" } })).id;
  // A development record of the demo organisation's 1W-07 proposal, and one of another organisation
  // (written as the release clock writes them: finalising is tested in tests/developments), and a
  // variation of the first waiting for a decision.
  const recordOf = async (proposalId: string) => {
    const { releaseId, plotId } = await db().proposal.findUniqueOrThrow({ where: { id: proposalId } });
    return db().$transaction(async (tx) => {
      const now = new Date();
      const award = await tx.award.create({ data: { releaseId, plotId, proposalId, status: "active", publishedAt: now, standstillEndsAt: now, finalAt: now }, include: { release: true, plot: true } });
      return (await createDevelopment(tx, award, now)).id;
    });
  };
  placeholders.development = await recordOf(id);
  placeholders.otherDevelopment = await recordOf((await sealedProposal(OPEN_RELEASE, "1W-08", "Elsewhere Limited", 100n, new Date())).proposalId);
  placeholders.variation = await requestVariation(user, placeholders.development, variationRequestSchema.parse({ subject: "graduate_places", value: "30", reasonEn: "Fewer graduates this year.", reasonZhHant: "今年畢業生較少。" }));
  // A report of the first, with its document (written directly: reporting is tested in tests/developments).
  const development = await db().development.findUniqueOrThrow({ where: { id: placeholders.development } });
  const report = await db().progressReport.create({
    data: { developmentId: development.id, dueOn: development.firstReportDue, submittedAt: new Date(), submittedById: user.id, investmentSpentHkd: 1n, researchPostsFilled: 0, graduatePlacesFilled: 0, gfaCompletedM2: 0, gfaLetM2: 0, documents: { create: { fileName: "evidence.pdf", contentType: "application/pdf", size: 10, sha256: "0".repeat(64), storageKey: "progress-report-uploads/2026-11/00000000-0000-4000-8000-000000000002" } } },
    include: { documents: true },
  });
  Object.assign(placeholders, { progressReport: report.id, progressDocument: report.documents[0]!.id });
});

/** Fills in the placeholders (`:id`, `:proposal`, …) of a path, a params object or a JSON body. */
const fill = (text: string) => text.replace(/:(id|proposal|receipt|document|upload|required|challengeDocument|challenge|otherChallenge|development|otherDevelopment|variation|progressReport|progressDocument)\b/g, (_, name: string) => placeholders[name]!);
const fillParams = (params: Record<string, string> = {}) => Object.fromEntries(Object.entries(params).map(([k, v]) => [k, fill(v)]));

async function outcome(run: () => Promise<unknown>): Promise<Outcome> {
  let result: unknown;
  try {
    result = await run();
  } catch (thrown) {
    result = thrown;
  }
  const status = result instanceof Response ? result.status : (result as { init?: { status?: number } })?.init?.status ?? 200;
  if (result instanceof Response && status >= 300 && status < 400) {
    return result.headers.get("Location")?.startsWith("/login") ? "login" : "away";
  }
  return status as Outcome;
}

const routeFile = (name: string) => import(/* @vite-ignore */ path.resolve(import.meta.dirname, "../../app/routes", name));

describe("authorisation of every route for every role", () => {
  it("has an entry for every route module", async () => {
    // A route is a file of app/routes, or a folder of it holding route.tsx (or route.ts) and the page's parts.
    const entries = await readdir(path.resolve(import.meta.dirname, "../../app/routes"), { withFileTypes: true });
    const files = entries.flatMap((e) =>
      e.isDirectory()
        ? readdirSync(path.join(e.parentPath, e.name)).filter((f) => /^route\.tsx?$/.test(f)).map((f) => `${e.name}/${f}`)
        : /\.tsx?$/.test(e.name) ? [e.name] : [],
    );
    expect(files.filter((f) => !(f in table)), "routes without an entry in the permission table").toEqual([]);
  });

  const gets = [...Object.entries(table).map(([route, entry]) => ({ route, ...entry })), ...moreGets];
  for (const entry of gets) {
    it(`GET ${entry.path}`, async () => {
      const { loader } = (await routeFile(entry.route)) as { loader?: LoaderFunction };
      if ("noLoader" in entry && entry.noLoader) {
        expect(loader, `${entry.route} has a loader: give it an entry`).toBeUndefined();
        return;
      }
      expect(loader, `${entry.route} has no loader`).toBeTypeOf("function");
      const got = {} as Record<Role, Outcome>;
      for (const role of roles) {
        const url = `http://portal.test${fill(entry.path)}`;
        const params = { ...fillParams(entry.params), ...(entry.path.includes(":id") ? { id: placeholders.id! } : {}) };
        got[role] = await outcome(() =>
          Promise.resolve(loader!({ request: new Request(url, { headers: { Cookie: cookies[role] } }), params, context: testContext })),
        );
      }
      expect(got).toEqual(entry.expect);
    });
  }

  for (const entry of actions) {
    it(`${entry.method ?? "POST"} ${entry.path} ${JSON.stringify(entry.json ?? entry.form)}`, async () => {
      const { action } = (await routeFile(entry.route)) as { action: ActionFunction };
      const got = {} as Record<Role, Outcome>;
      for (const role of roles) {
        const url = `http://portal.test${fill(entry.path)}`;
        const body = entry.json !== undefined ? fill(JSON.stringify(entry.json)) : entry.form ? new URLSearchParams(entry.form) : "%PDF-1.7 a few bytes";
        const headers = { Cookie: cookies[role], ...(entry.json !== undefined ? { "Content-Type": "application/json" } : {}) };
        const request = new Request(url, { method: entry.method ?? "POST", body, headers });
        const params = { ...fillParams(entry.params), ...(entry.path.includes(":id") ? { id: placeholders.id! } : {}) };
        got[role] = await outcome(() => Promise.resolve(action({ request, params, context: testContext })));
      }
      expect(got).toEqual(entry.expect);
    });
  }

  it("leaves the proposal as it was after every role's requests", async () => {
    const proposal = await db().proposal.findUniqueOrThrow({ where: { id: placeholders.proposal! }, include: { versions: true, documents: true } });
    expect(proposal.revision).toBe(2);
    expect(proposal.versions.map((v) => v.receiptNumber)).toEqual([placeholders.receipt]);
    expect(proposal.currentVersionId).toBe(proposal.versions[0]!.id);
    expect(proposal.documents.find((d) => d.id === placeholders.upload)?.state).toBe("uploading");
  });
});
