import { randomUUID } from "node:crypto";
import type { LoaderFunction } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { rankingRows, releaseRanking, type RankingRow } from "~/evaluation/ranking-data.server.ts";
import { storage } from "~/platform/storage/storage.server.ts";
import { loader as adminEvaluation } from "~/routes/admin.releases.$code_.evaluation.tsx";
import { loader as overview } from "~/routes/evaluation.$code.tsx";
import { loader as moderation } from "~/routes/evaluation.$code_.moderation.tsx";
import { loader as scoring } from "~/routes/evaluation.$code_.proposals.$id.tsx";
import { loader as evaluationDocument } from "~/routes/evaluation.$code.documents.$documentId.ts";
import { loader as openingRecordCsv } from "~/routes/evaluation.$code.opening-record[.csv].ts";
import { loader as reportCsv } from "~/routes/evaluation.$code.report[.csv].ts";
import { loader as reportPdf } from "~/routes/evaluation.$code.report[.pdf].ts";
import { loader as releasePage } from "~/routes/releases.$code.tsx";
import { loader as ocdsFile } from "~/routes/open-data.ocds.releases.$file.ts";
import { seedDemoPark } from "../../prisma/seed.ts";
import { withTestDatabase } from "../support/database.ts";
import { pdfText } from "../support/pdf.ts";
import { loaderArgs, routeOutcome } from "../support/routes.ts";
import { sessionCookieFor } from "../support/users.ts";

const db = withTestDatabase();
const CODE = "HSITP-2026-01";
/** Every staff account of the demo: the administrator, the chair, and the three evaluators (one of them conflicted once). */
const STAFF = ["admin@demo.hsitp.example", "chair@demo.hsitp.example", "evaluator@demo.hsitp.example", "evaluator2@demo.hsitp.example", "evaluator3@demo.hsitp.example"];

let rows: RankingRow[];
const premiumOf = new Map<string, string[]>();
let failerDocumentId: string;

beforeAll(async () => {
  await seedDemoPark(db());
  rows = await rankingRows(CODE, (await releaseRanking(CODE))!);
  for (const row of rows) {
    const version = await db().proposalVersion.findFirstOrThrow({ where: { currentOf: { id: row.proposalId } } });
    const { landPremiumHkd, investmentCommitmentHkd } = (version.sealedPackage as { financial: { landPremiumHkd: string; investmentCommitmentHkd: string } }).financial;
    // As stored and as any page would format them.
    premiumOf.set(row.proposalId, [landPremiumHkd, BigInt(landPremiumHkd).toLocaleString("en-HK"), investmentCommitmentHkd, BigInt(investmentCommitmentHkd).toLocaleString("en-HK")]);
  }
  // A financial document in a failer's sealed version, stored for real.
  const failer = rows.find((r) => !r.passed)!;
  const proposal = await db().proposal.findUniqueOrThrow({ where: { id: failer.proposalId }, include: { organisation: { include: { members: true } } } });
  const release = await db().release.findUniqueOrThrow({ where: { code: CODE }, include: { requiredDocuments: { orderBy: { position: "desc" }, take: 1 } } });
  const financialRequirement = await db().requiredDocument.create({
    data: { releaseId: release.id, position: release.requiredDocuments[0]!.position + 1, nameEn: "Financial statements", nameZhHant: "財務報表", envelope: "financial", acceptedTypes: ["pdf"], maxSizeMb: 10 },
  });
  const storageKey = `proposal-documents/2026-09/${randomUUID()}`;
  const stored = await storage().put(storageKey, Buffer.from("%PDF-1.7\nfinancial statements\n"), "application/pdf");
  const document = await db().proposalDocument.create({
    data: { proposalId: proposal.id, requiredDocumentId: financialRequirement.id, fileName: "accounts.pdf", kind: "pdf", contentType: "application/pdf", size: BigInt(stored.size), sha256: stored.sha256, storageKey, state: "stored", inDraft: false, uploadedById: proposal.organisation.members[0]!.userId },
  });
  await db().proposalVersionDocument.create({ data: { versionId: proposal.currentVersionId!, documentId: document.id } });
  failerDocumentId = document.id;
});

/** What a staff member gets from a route, as text: a page's data, a CSV, or the text of a PDF. */
async function seen(loader: LoaderFunction, path: string, params: Record<string, string>, cookie: string) {
  const outcome = await routeOutcome(() => loader(loaderArgs(path, params, { Cookie: cookie })));
  if (outcome.headers.get("Content-Type") === "application/pdf") return { status: outcome.status, text: "" };
  return { status: outcome.status, text: typeof outcome.data === "string" ? outcome.data : JSON.stringify(outcome.data) };
}

describe("financial envelopes below the pass mark stay sealed for every staff role", () => {
  it("no evaluation page, record, report or document link shows a failer's financial figures or files", async () => {
    const failers = rows.filter((r) => !r.passed);
    const passers = rows.filter((r) => r.passed);
    expect(failers.length).toBeGreaterThan(0);
    const failerFigures = failers.flatMap((r) => premiumOf.get(r.proposalId)!);
    let passerPremiumsSeen = 0;
    for (const email of STAFF) {
      const cookie = await sessionCookieFor(email);
      const pages = [
        await seen(overview, `/evaluation/${CODE}`, { code: CODE }, cookie),
        await seen(moderation, `/evaluation/${CODE}/moderation`, { code: CODE }, cookie),
        await seen(adminEvaluation, `/admin/releases/${CODE}/evaluation`, { code: CODE }, cookie),
        await seen(openingRecordCsv, `/evaluation/${CODE}/opening-record.csv`, { code: CODE }, cookie),
        await seen(reportCsv, `/evaluation/${CODE}/report.csv`, { code: CODE }, cookie),
        await seen(releasePage, `/releases/${CODE}`, { code: CODE }, cookie),
        await seen(ocdsFile, `/open-data/ocds/releases/${CODE}.json`, { file: `${CODE}.json` }, cookie),
        ...(await Promise.all(rows.map((r) => seen(scoring, `/evaluation/${CODE}/proposals/${r.proposalId}`, { code: CODE, id: r.proposalId }, cookie)))),
      ];
      const pdf = await routeOutcome(() => reportPdf(loaderArgs(`/evaluation/${CODE}/report.pdf`, { code: CODE }, { Cookie: cookie })));
      if (pdf.status === 200) {
        const response = (await reportPdf(loaderArgs(`/evaluation/${CODE}/report.pdf`, { code: CODE }, { Cookie: cookie }))) as Response;
        pages.push({ status: 200, text: (await pdfText(new Uint8Array(await response.arrayBuffer()))).text });
      }
      for (const page of pages) for (const figure of failerFigures) expect(page.text, `${email} sees ${figure}`).not.toContain(figure);
      passerPremiumsSeen += passers.filter((r) => pages.some((p) => p.text.includes(premiumOf.get(r.proposalId)![1]!) || p.text.includes(`"offeredPremiumHkd":"${premiumOf.get(r.proposalId)![0]}"`))).length;
      for (const inline of ["", "?show=inline"]) {
        const link = await routeOutcome(() => evaluationDocument(loaderArgs(`/evaluation/${CODE}/documents/${failerDocumentId}${inline}`, { code: CODE, documentId: failerDocumentId }, { Cookie: cookie })));
        expect([403, 404], `${email} gets the failer's financial document`).toContain(link.status);
      }
    }
    // The check can fail: the passers' opened premiums are there for the chair and the administrator.
    expect(passerPremiumsSeen).toBeGreaterThanOrEqual(passers.length);
  });
});
