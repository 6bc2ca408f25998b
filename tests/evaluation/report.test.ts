import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { RankingTable } from "~/evaluation/components/ranking-table.tsx";
import { formatScore } from "~/evaluation/ranking.ts";
import { reportCsv } from "~/evaluation/records.server.ts";
import { createI18n, translator, type Language } from "~/platform/i18n/i18n.ts";
import { decisionReasonText } from "~/evaluation/reasons.ts";
import { rankingRows, releaseRanking } from "~/evaluation/ranking-data.server.ts";
import { languageCookie } from "~/platform/i18n/i18n.server.ts";
import { loader as reportPdf } from "~/routes/evaluation.$code.report[.pdf].ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { pdfText } from "../support/pdf.ts";
import { loaderArgs } from "../support/routes.ts";
import { sessionCookieFor } from "../support/users.ts";

const db = withTestDatabase();
const CODE = "HSITP-2026-01";

beforeAll(async () => {
  await seedDemoPark(db());
});

async function report(email: string, language: Language) {
  const cookie = `${await sessionCookieFor(email)}; ${await languageCookie.serialize(language)}`;
  const response = (await reportPdf(loaderArgs(`/evaluation/${CODE}/report.pdf`, { code: CODE }, { Cookie: cookie }))) as Response;
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("application/pdf");
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
  return pdfText(bytes);
}

describe("the evaluation report (PDF)", () => {
  it("states the summary, the ranking with every decision, the moderation, the conflicts and the opening record", async () => {
    const { text } = await report("admin@demo.hsitp.example", "en");
    const rows = await rankingRows(CODE, (await releaseRanking(CODE))!);
    expect(text).toContain(`Evaluation report: ${CODE}`);
    expect(text).toContain("UTC+8");
    for (const row of rows) {
      expect(text).toContain(row.organisation);
      // Reasons wrap within their cell: the first words are on one line.
      expect(text).toContain(decisionReasonText(translator("en"), "en", row.decision!, row).split(" ").slice(0, 3).join(" "));
    }
    for (const version of await db().proposalVersion.findMany({ where: { proposal: { release: { code: CODE } }, currentOf: { isNot: null } } })) expect(text).toContain(version.receiptNumber);
    const moderated = await db().moderatedScore.findMany({ where: { proposal: { release: { code: CODE } } } });
    expect(moderated.length).toBeGreaterThan(0);
    for (const m of moderated) expect(text).toContain(m.reason.split(" ").slice(0, 3).join(" "));
    const conflicts = await db().conflictDeclaration.findMany({ where: { conflicted: true, proposal: { release: { code: CODE } } } });
    expect(conflicts.length).toBeGreaterThan(0);
    for (const c of conflicts) expect(text).toContain(c.statement!.split(" ").slice(0, 3).join(" "));
    // A passer's offered premium is the figure behind its financial score; a failer's never appears.
    for (const row of rows) {
      const version = await db().proposalVersion.findFirstOrThrow({ where: { currentOf: { id: row.proposalId } } });
      const premium = BigInt((version.sealedPackage as { financial: { landPremiumHkd: string } }).financial.landPremiumHkd).toLocaleString("en-HK");
      if (row.passed) expect(text).toContain(premium);
      else expect(text).not.toContain(premium);
    }
  });

  it("is written in the reader's language", async () => {
    const { text } = await report("chair@demo.hsitp.example", "zh-Hant");
    expect(text).toContain(`評審報告：${CODE}`);
    expect(text).toContain("開標紀錄");
    expect(text).toContain("利益衝突申報");
    // The reasons too: the templates in Chinese, with the figures rounded as on screen.
    const rows = await rankingRows(CODE, (await releaseRanking(CODE))!);
    const first = rows.find((r) => r.rank === 1)!;
    expect(text.replace(/\s+/g, "")).toContain(`地段${first.plot}總分最高：${formatScore(first.total!)}`);
  });

  it("is written in Simplified Chinese, with Simplified characters the font can draw", async () => {
    const { text } = await report("chair@demo.hsitp.example", "zh-Hans");
    // Noto Sans TC has no 评, 开 or 记: with it these words would not come out of the PDF at all.
    expect(text).toContain(`评审报告：${CODE}`);
    expect(text).toContain("开标记录");
    expect(text).toContain("利益冲突申报");
    // Criteria staff wrote in Traditional Chinese, converted.
    expect(text).toContain("过往纪录及管理");
  });
});

describe("scores as people read them", () => {
  it("rounds to at most two decimals where fractional, and only for showing", () => {
    expect([7 + 1 / 3, 6.5, 8, 45.000001, 0.125, 42.999999].map(formatScore)).toEqual(["7.33", "6.5", "8", "45", "0.13", "43"]);
  });

  it("shows the same figures on screen, in the CSV and in the PDF", async () => {
    const rows = await rankingRows(CODE, (await releaseRanking(CODE))!);
    const technical = rows.map((r) => `${formatScore(r.technicalScore)} / ${formatScore(r.technicalMax)}`);
    const totals = rows.flatMap((r) => (r.total === null ? [] : [formatScore(r.total)]));
    // The demo's financial shares (premium relative to the highest) have more decimals: the rounding is exercised.
    expect(rows.some((r) => r.total !== null && !Number.isInteger(r.total * 100))).toBe(true);
    const tooPrecise = /\b\d+\.\d{3,}\b/;

    const i18n = createI18n("en");
    const screen = renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(RankingTable, { rows, financialOpen: true }))).replaceAll("<!-- -->", "");
    expect(screen).not.toMatch(tooPrecise);
    for (const figure of technical) expect(screen).toContain(figure);
    for (const figure of totals) expect(screen).toContain(`>${figure}</td>`);

    const csv = (await reportCsv(CODE, () => true))!;
    expect(csv).not.toMatch(tooPrecise);
    for (const r of rows) expect(csv).toContain(`,${formatScore(r.technicalScore)},${r.passed ? "yes" : "no"},`);
    for (const figure of totals) expect(csv).toContain(`,${figure},`);

    const { text } = await report("admin@demo.hsitp.example", "en");
    expect(text).not.toMatch(tooPrecise);
    for (const figure of [...technical, ...totals]) expect(text).toContain(figure);
  });
});
