import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { createI18n, languages, pick, type Language } from "~/platform/i18n/i18n.ts";
import { changeHrefOf, ProposalSummary } from "~/proposals/components/proposal-summary.tsx";
import { saveDraft, startProposal } from "~/proposals/drafts.server.ts";
import { proposalDraftSchema, type ProposalFields } from "~/proposals/schemas.ts";
import { submitProposal } from "~/proposals/submission.server.ts";
import { ConflictNotice } from "~/routes/proposals.$id/conflict-notice.tsx";
import { loader } from "~/routes/proposals.$id/route.tsx";
import { loader as checkLoader } from "~/routes/proposals.$id_.check.tsx";
import { loader as confirmationLoader } from "~/routes/proposals.$id_.submitted.$number.tsx";
import { loader as receiptLoader } from "~/routes/proposals.$id_.receipts.$number.tsx";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { completeFields, completeProposal, DEMO_MEMBERS, OPEN_RELEASE, sha256 } from "../support/proposals.ts";
import { loaderArgs, routeOutcome } from "../support/routes.ts";
import { currentUserFor, sessionCookieFor } from "../support/users.ts";

const db = withTestDatabase();

beforeAll(async () => {
  await seedDemoPark(db());
});

const render = (element: ReactElement, language: Language = "en") => renderToStaticMarkup(createElement(I18nextProvider, { i18n: createI18n(language) }, element));
/** The text a reader sees (tags dropped, entities of the catalogs' punctuation decoded). */
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/\s+/g, " ");

type Page = Awaited<ReturnType<typeof loader>>;
const pageOf = async (id: string, email: string, query = "") => {
  const cookie = await sessionCookieFor(email);
  return (await routeOutcome(() => loader(loaderArgs(`/proposals/${id}${query}`, { id }, { Cookie: cookie })))).data as Page;
};
const checkPageOf = async (id: string, email: string) => {
  const cookie = await sessionCookieFor(email);
  return (await routeOutcome(() => checkLoader(loaderArgs(`/proposals/${id}/check`, { id }, { Cookie: cookie })))).data as Page;
};
const states = (page: Page) => page.tasks.map((task) => [task.kind, task.state]);

describe("the proposal as a task list", () => {
  it("shows each envelope, each required document and the declaration with its state", async () => {
    const owner = await currentUserFor(DEMO_MEMBERS.owner);
    const id = await startProposal(owner, OPEN_RELEASE, "1W-07");
    const required = await db().requiredDocument.findMany({ where: { release: { code: OPEN_RELEASE } }, orderBy: { position: "asc" } });
    const fresh = await pageOf(id, DEMO_MEMBERS.owner);
    expect(states(fresh)).toEqual([["technical", "notStarted"], ["financial", "notStarted"], ...required.map(() => ["document", "notStarted"]), ["declaration", "cannotStart"]]);

    await saveDraft(owner, id, { revision: fresh.revision, ...completeFields, programme: "", landPremiumHkd: undefined, investmentCommitmentHkd: undefined });
    const started = await pageOf(id, DEMO_MEMBERS.owner);
    // Six fields and, as this release asks for them, seven countable promises.
    expect(started.tasks[0]).toEqual({ kind: "technical", state: "inProgress", answered: 12, of: 13 });
    expect(started.tasks[1]).toEqual({ kind: "financial", state: "notStarted", answered: 0, of: 2 });

    // A maximum lowered after the draft was saved: a problem, named.
    const { maxGfaM2 } = await db().plot.findUniqueOrThrow({ where: { code: "1W-07" } });
    await db().plot.update({ where: { code: "1W-07" }, data: { maxGfaM2: completeFields.grossFloorAreaM2 - 1 } });
    try {
      expect((await pageOf(id, DEMO_MEMBERS.owner)).tasks[0]).toMatchObject({ state: "problem", problem: "proposals.errors.gfaOverMax" });
    } finally {
      await db().plot.update({ where: { code: "1W-07" }, data: { maxGfaM2 } });
    }
  });

  it("is complete once everything required is there; the optional document stays optional", async () => {
    const { id } = await completeProposal(DEMO_MEMBERS.owner, "1W-08");
    const page = await pageOf(id, DEMO_MEMBERS.owner);
    const required = await db().requiredDocument.findMany({ where: { release: { code: OPEN_RELEASE } }, orderBy: { position: "asc" } });
    expect(states(page)).toEqual([
      ["technical", "complete"],
      ["financial", "complete"],
      ...required.map((r) => ["document", r.mandatory ? "complete" : "notStarted"]),
      ["declaration", "notStarted"],
    ]);
    expect(page).toMatchObject({ editing: true, sealed: false });
  });
});

describe("a submitted proposal", () => {
  it("opens read-only until a new version is prepared; a change keeps it in editing; after the deadline it stays read-only", async () => {
    const { user, id } = await completeProposal(DEMO_MEMBERS.owner, "1W-09");
    await submitProposal(user, id);
    const submitted = await pageOf(id, DEMO_MEMBERS.owner);
    expect(submitted).toMatchObject({ sealed: true, editing: false });
    expect(submitted.tasks.at(-1)).toEqual({ kind: "declaration", state: "complete" });
    expect(await pageOf(id, DEMO_MEMBERS.owner, "?edit")).toMatchObject({ sealed: true, editing: true });

    await saveDraft(user, id, { revision: submitted.revision, ...completeFields, programme: "A faster programme." });
    expect(await pageOf(id, DEMO_MEMBERS.owner)).toMatchObject({ sealed: false, editing: true });

    const { submissionDeadline } = await db().release.findUniqueOrThrow({ where: { code: OPEN_RELEASE } });
    await db().release.update({ where: { code: OPEN_RELEASE }, data: { submissionDeadline: new Date(Date.now() - 1_000) } });
    try {
      expect(await pageOf(id, DEMO_MEMBERS.owner, "?edit")).toMatchObject({ open: false, editing: false });
    } finally {
      await db().release.update({ where: { code: OPEN_RELEASE }, data: { submissionDeadline } });
    }
  });

  it("leads to a confirmation with the receipt number and the time of receipt, and a receipt that shows what was sealed", async () => {
    const { user, id, documents } = await completeProposal(DEMO_MEMBERS.owner, "1W-10");
    const { receipt } = await submitProposal(user, id);
    const cookie = await sessionCookieFor(DEMO_MEMBERS.contributor);
    const params = { id, number: receipt.receiptNumber };
    const confirmation = await routeOutcome(() => confirmationLoader(loaderArgs(`/proposals/${id}/submitted/${receipt.receiptNumber}`, params, { Cookie: cookie })));
    expect(confirmation.data).toEqual({ proposalId: id, receiptNumber: receipt.receiptNumber, receivedAt: receipt.receivedAt, plot: "1W-10", release: OPEN_RELEASE });
    const printed = (await routeOutcome(() => receiptLoader(loaderArgs(`/proposals/${id}/receipts/${receipt.receiptNumber}`, params, { Cookie: cookie })))).data as Awaited<ReturnType<typeof receiptLoader>>;
    expect(printed.fields).toMatchObject({ programme: completeFields.programme, landPremiumHkd: completeFields.landPremiumHkd });
    expect(printed.documents.map((d) => d.file.sha256).sort()).toEqual(documents.map((d) => sha256(d.bytes)).sort());
    expect(printed.verifyAddress).toMatch(/\/receipts\/verify$/);
  });
});

describe("the check page", () => {
  it("shows every field with its label and value and every document with its name, size and full SHA-256, with change links", async () => {
    const { id, documents } = await completeProposal(DEMO_MEMBERS.owner, "1W-11");
    const page = await checkPageOf(id, DEMO_MEMBERS.submitter);
    expect(page).toMatchObject({ canSubmit: true, submitters: [], revision: expect.any(Number) });
    const required = await db().requiredDocument.findMany({ where: { release: { code: OPEN_RELEASE } }, orderBy: { position: "asc" } });
    for (const language of languages) {
      const name = (r: (typeof required)[number]) => pick(language, { en: r.nameEn, zhHant: r.nameZhHant });
      const html = render(
        createElement(ProposalSummary, {
          fields: page.fields,
          structured: page.release.structuredCommitments,
          documents: required.map((r) => ({ key: r.id, name: name(r), mandatory: r.mandatory, file: page.documents.find((d) => d.requiredDocumentId === r.id) ?? null })),
          changeHref: changeHrefOf(id),
        }),
        language,
      );
      const shown = text(html);
      const t = createI18n(language).t;
      for (const field of Object.keys(completeFields)) expect(shown, field).toContain(t(`proposals.fields.${field}`));
      expect(shown).toContain(completeFields.developmentScheme);
      expect(shown).toContain(`${t("sector.life_health_technology")}${t("proposalJourney.listSeparator")}${t("sector.ai_data_science")}`);
      expect(shown).not.toContain("life_health_technology");
      expect(shown).toContain(language === "en" ? "20,000 m²" : "20,000 平方米");
      expect(shown).toContain("HK$1,250,000,000");
      expect(shown).toContain("HK$4,000,000,000");
      // The countable promises the release asks for, dates written out in the reader's language.
      expect(shown).toContain(language === "en" ? "31 Dec 2029" : "2029年12月31日");
      for (const uploaded of documents) {
        const stored = page.documents.find((d) => d.id === uploaded.documentId)!;
        expect(shown).toContain(stored.fileName);
        expect(shown).toContain(`${stored.size.toLocaleString("en")}`);
        expect(shown).toContain(sha256(uploaded.bytes));
      }
      for (const r of required) expect(shown).toContain(name(r));
      // Each "Change" goes to its own field (the form names each element `proposal-<id>-<field>`) or document.
      for (const field of Object.keys(completeFields)) expect(html).toContain(`href="/proposals/${id}?edit#proposal-${id}-${field}"`);
      for (const r of required) expect(html).toContain(`href="/proposals/${id}?edit#document-${r.id}"`);
      // An optional document left out says it is optional, not "no file yet".
      expect(required.filter((r) => !r.mandatory && !page.documents.some((d) => d.requiredDocumentId === r.id))).not.toHaveLength(0);
      expect(shown).toContain(t("proposals.noFileOptional"));
      expect(shown).not.toContain(t("proposals.noFile"));
    }
  });

  it("tells a contributor who in the organisation can submit, by name", async () => {
    const { id } = await completeProposal(DEMO_MEMBERS.owner, "1W-12");
    const page = await checkPageOf(id, DEMO_MEMBERS.contributor);
    expect(page).toMatchObject({ canSubmit: false, submitters: [{ name: "Peter Proposer", role: "owner" }, { name: "Sally Submitter", role: "submitter" }] });
    expect((await pageOf(id, DEMO_MEMBERS.contributor)).submitters).toEqual(page.submitters);
  });
});

describe("conflicts and amounts", () => {
  it("show the differing values with their labels on both sides, never a code", () => {
    const theirs: ProposalFields = { ...completeFields, intendedSectors: ["ai_data_science"], grossFloorAreaM2: 20_000 };
    const mine: ProposalFields = { ...completeFields, intendedSectors: ["life_health_technology"], grossFloorAreaM2: 20_000, landPremiumHkd: "1300000000" };
    for (const language of languages) {
      const t = createI18n(language).t;
      const shown = text(render(createElement(ConflictNotice, { conflict: { theirs, mine, differing: ["intendedSectors", "landPremiumHkd"], revision: 3, savedBy: "Sally Submitter" } }), language));
      expect(shown).toContain(`${t("proposals.fields.intendedSectors")} ${t("sector.ai_data_science")} ${t("sector.life_health_technology")}`);
      expect(shown).toContain(`${t("proposals.fields.landPremiumHkd")} HK$1,250,000,000 HK$1,300,000,000`);
      expect(shown).not.toMatch(/life_health_technology|ai_data_science/);
      expect(shown).not.toContain(t("proposals.fields.programme"));
    }
  });

  it("are shown with thousands separators and read back the same", () => {
    const schema = proposalDraftSchema();
    const typed = schema.parse({ revision: "1", landPremiumHkd: "1,250,000,000", investmentCommitmentHkd: "HK$ 3,800,000,000" });
    expect(typed).toMatchObject({ landPremiumHkd: "1250000000", investmentCommitmentHkd: "3800000000" });
  });
});
