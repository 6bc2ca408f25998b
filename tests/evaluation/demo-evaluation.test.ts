import { beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "~/platform/audit.server.ts";
import { evaluatorOverview } from "~/evaluation/conflicts.server.ts";
import { openTechnicalEnvelopes } from "~/evaluation/opening.server.ts";
import { rankingRows, releaseRanking } from "~/evaluation/ranking-data.server.ts";
import { proposalForEvaluator } from "~/evaluation/scoring.server.ts";
import { publicResults } from "~/results/public-results.server.ts";
import { ocdsReleasePackage } from "~/open-data/ocds.server.ts";
import { receiptOfVersion } from "~/receipts/records.server.ts";
import { receiptText } from "~/receipts/signing.server.ts";
import { action as verifyAction } from "~/routes/receipts.verify.tsx";
import { demoBidders } from "../../prisma/demo-park.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { ocdsPackageValidator } from "../support/ocds.ts";
import { actionArgs, loaderArgs, routeOutcome } from "../support/routes.ts";
import { currentUserFor, sessionCookieFor } from "../support/users.ts";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { decisionReasonText } from "~/evaluation/reasons.ts";
import { createI18n, translator } from "~/platform/i18n/i18n.ts";
import { languageCookie } from "~/platform/i18n/i18n.server.ts";
import { OwnOutcome } from "~/results/components/own-outcome.tsx";
import { loader as proposalPage } from "~/routes/proposals.$id/route.tsx";

const db = withTestDatabase();

beforeAll(async () => {
  await seedDemoPark(db());
});

describe("the demo park's evaluations", () => {
  it("shows each bidder of HSITP-2026-01 its own outcome on its proposal's page, the reason in the reader's language", async () => {
    const decisions = await db().decision.findMany({ where: { proposal: { release: { code: "HSITP-2026-01" } } }, include: { proposal: { include: { organisation: { include: { members: { include: { user: true } } } } } } } });
    expect(decisions.length).toBe(9);
    // The demo's reasons are templates; one award carries a note in both languages.
    expect(decisions.filter((d) => d.noteEn && d.noteZhHant)).toHaveLength(1);
    for (const decision of decisions) {
      const owner = decision.proposal.organisation.members.find((m) => m.role === "owner")!.user.email;
      const cookie = `${await sessionCookieFor(owner)}; ${await languageCookie.serialize("zh-Hant")}`;
      const page = (await proposalPage(loaderArgs(`/proposals/${decision.proposalId}`, { id: decision.proposalId }, { Cookie: cookie }))) as Awaited<ReturnType<typeof proposalPage>>;
      expect(page.outcome).toMatchObject({ outcome: decision.outcome, reason: { reason: decision.reason } });
      const html = renderToStaticMarkup(createElement(I18nextProvider, { i18n: createI18n("zh-Hant") }, createElement(OwnOutcome, { outcome: page.outcome! }))).replaceAll("<!-- -->", "");
      expect(html).toContain(decisionReasonText(translator("zh-Hant"), "zh-Hant", decision, page.outcome!.figures));
      expect(html).not.toMatch(/\b\d+\.\d{3,}\b/);
      if (!page.outcome!.figures.passed) expect(html).toContain("從未開啟");
    }
  });

  it("concludes HSITP-2026-01 with decisions that agree with the computed ranking", async () => {
    const ranking = (await releaseRanking("HSITP-2026-01"))!;
    expect(ranking.financialOpen).toBe(true);
    const rows = await rankingRows("HSITP-2026-01", ranking);
    expect(rows).toHaveLength(9);
    for (const row of rows) {
      const expected = !row.passed ? "not_shortlisted" : row.rank === 1 ? "shortlisted" : row.rank === 2 ? "reserve" : "not_shortlisted";
      expect(row.decision?.outcome, `${row.plot} ${row.organisation}`).toBe(expected);
      // Sealed stays sealed: no financial figure below the pass mark.
      if (!row.passed) expect(row.financialScore).toBeNull();
    }
    expect(rows.some((r) => !r.passed)).toBe(true);
    const results = (await publicResults((await db().release.findUniqueOrThrow({ where: { code: "HSITP-2026-01" } })).id))!;
    expect(results.plots.filter((p) => p.award).map((p) => p.plot)).toEqual(["1W-01", "1W-02", "1W-03", "1W-05"]);
    // Its standstill has ended: every award is final; 1W-02's was challenged by another bidder, and the challenge dismissed.
    expect(results.plots.filter((p) => p.award).every((p) => p.award!.status === "active" && p.award!.finalAt! <= new Date())).toBe(true);
    expect(results.plots.map((p) => [p.plot, p.challenges.dismissed])).toEqual([["1W-01", 0], ["1W-02", 1], ["1W-03", 0], ["1W-04", 0], ["1W-05", 0], ["1W-06", 0]]);
    const challenge = await db().challenge.findFirstOrThrow({ include: { award: { include: { proposal: true } } } });
    expect(challenge.state).toBe("dismissed");
    expect(challenge.organisationId).not.toBe(challenge.award.proposal.organisationId);
    expect(await db().proposal.count({ where: { releaseId: challenge.award.releaseId, plotId: challenge.award.plotId, organisationId: challenge.organisationId } })).toBe(1);
    // The plots not awarded went back to the inventory (1W-04 and 1W-06 are offered again in HSITP-2026-03).
    expect(results.plots.find((p) => p.plot === "1W-04")!.notAwarded).toEqual({ reason: "nonePassed" });
  });

  it("publishes the results as OCDS awards, valid against the schema", async () => {
    const releasePackage = (await ocdsReleasePackage("HSITP-2026-01"))!;
    expect(ocdsPackageValidator()(releasePackage)).toBe(true);
    const [release] = releasePackage.releases;
    expect(release!.tender.status).toBe("complete");
    expect(release!.awards?.map((a) => a.relatedLots)).toEqual([["1W-01"], ["1W-02"], ["1W-03"], ["1W-05"]]);
    expect(JSON.stringify(releasePackage)).not.toContain("landPremium");
  });

  it("gives every demo bid a receipt that the verification page finds genuine and recorded", async () => {
    const versions = await db().proposalVersion.findMany({ include: { proposal: { include: { release: true, plot: true, organisation: true } } } });
    expect(versions).toHaveLength(15);
    for (const [i, v] of versions.entries()) {
      // As its bidder was given it (with the canonical form it names).
      const receipt = receiptOfVersion(v, { release: v.proposal.release.code, plot: v.proposal.plot.code });
      const outcome = (await routeOutcome(() => verifyAction(actionArgs("/receipts/verify", { receipt: receiptText(receipt) }, { clientIp: `198.51.100.${i + 1}` })))) as { data: { verdict: string; counts?: boolean | null } };
      expect(outcome.data, v.receiptNumber).toMatchObject({ verdict: "genuine", counts: true });
    }
  });

  it("leaves HSITP-2026-03 for the panel to open, and the audit chain intact", async () => {
    const evaluator = await currentUserFor("evaluator3@demo.hsitp.example");
    expect(await evaluatorOverview(evaluator, "HSITP-2026-03")).toBeNull();
    const chair = await currentUserFor("chair@demo.hsitp.example");
    const record = await openTechnicalEnvelopes(chair, "HSITP-2026-03");
    expect(record.map((l) => l.plot).sort()).toEqual(["1W-04", "1W-04", "1W-04", "1W-06", "1W-06", "1W-06"]);
    const overview = (await evaluatorOverview(evaluator, "HSITP-2026-03"))!;
    expect(overview.rows).toHaveLength(6);
    expect(overview.allDeclared).toBe(false);
    expect(await proposalForEvaluator(evaluator, overview.rows[0]!.proposalId)).toBeNull();
    expect(new Set(overview.rows.map((r) => r.organisation)).size).toBe(6);
    expect(overview.rows.every((r) => demoBidders.some((b) => b.name === r.organisation))).toBe(true);
    expect(await verifyAuditChain(db())).toMatchObject({ valid: true });
  });
});
