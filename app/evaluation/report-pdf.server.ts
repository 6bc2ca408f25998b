import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { decisionReasonText } from "./reasons.ts";
import { formatScore } from "./ranking.ts";
import type { ReportContents } from "./records.server.ts";
import { intlLocale, pick, translator, type Language } from "~/platform/i18n/i18n.ts";
import { formatDateTime, PARK_TIME_ZONE } from "~/platform/time.ts";

/**
 * Noto Sans TC draws English and Traditional Chinese with Hong Kong's glyph shapes; Noto Sans SC
 * draws Simplified (TC lacks many Simplified characters) and Traditional too, so a Simplified
 * report, whose organisation names may come in either script, uses SC. Read once per face;
 * pdfkit embeds only the glyphs a report uses.
 */
const fonts = new Map<"tc" | "sc", { regular: Buffer; bold: Buffer }>();
function reportFonts(language: Language) {
  const face = language === "zh-Hans" ? "sc" : "tc";
  let loaded = fonts.get(face);
  if (!loaded) {
    const require = createRequire(import.meta.url);
    const family = face === "sc" ? "NotoSansSC" : "NotoSansTC";
    const file = (weight: string) => readFileSync(require.resolve(`@expo-google-fonts/noto-sans-${face}/${weight}/${family}_${weight}.ttf`));
    loaded = { regular: file("400Regular"), bold: file("700Bold") };
    fonts.set(face, loaded);
  }
  return loaded;
}

interface Column {
  label: string;
  width: number;
  align?: "left" | "right";
}

const MARGIN = 40;
const CELL_PADDING = 3;

/** A table that wraps long cells and carries on, headings repeated, over as many pages as it needs. */
function table(doc: PDFKit.PDFDocument, columns: Column[], rows: string[][]) {
  const scale = (doc.page.width - 2 * MARGIN) / columns.reduce((sum, c) => sum + c.width, 0);
  const widths = columns.map((c) => c.width * scale);
  const rowHeight = (cells: string[], font: string) => {
    doc.font(font).fontSize(8);
    return Math.max(...cells.map((cell, i) => doc.heightOfString(cell || " ", { width: widths[i]! - 2 * CELL_PADDING }))) + 2 * CELL_PADDING;
  };
  const drawRow = (cells: string[], font: string, shaded: boolean) => {
    const height = rowHeight(cells, font);
    const top = doc.y;
    if (shaded) doc.rect(MARGIN, top, doc.page.width - 2 * MARGIN, height).fill("#e2e8f0");
    doc.fillColor("#0f172a").font(font).fontSize(8);
    let x = MARGIN;
    cells.forEach((cell, i) => {
      doc.text(cell, x + CELL_PADDING, top + CELL_PADDING, { width: widths[i]! - 2 * CELL_PADDING, align: columns[i]!.align ?? "left" });
      x += widths[i]!;
    });
    doc.moveTo(MARGIN, top + height).lineTo(doc.page.width - MARGIN, top + height).lineWidth(0.5).strokeColor("#94a3b8").stroke();
    doc.x = MARGIN;
    doc.y = top + height;
  };
  const header = columns.map((c) => c.label);
  const bottom = () => doc.page.height - MARGIN;
  if (doc.y + rowHeight(header, "bold") + (rows[0] ? rowHeight(rows[0], "regular") : 0) > bottom()) doc.addPage();
  drawRow(header, "bold", true);
  for (const row of rows) {
    if (doc.y + rowHeight(row, "regular") > bottom()) {
      doc.addPage();
      drawRow(header, "bold", true);
    }
    drawRow(row, "regular", false);
  }
  doc.moveDown(1);
}

/**
 * The evaluation report of a release as a PDF, in the reader's language: summary and stages, the
 * panel, the ranking per plot with the decisions, the moderated scores, the conflict declarations
 * and the opening record. Times in Hong Kong time with the offset.
 */
export async function evaluationReportPdf(contents: ReportContents, language: Language, generatedAt: Date): Promise<Buffer> {
  // Loaded when a report is first asked for: pdfkit took a fifth of a second of every start-up.
  const { default: PDFDocument } = await import("pdfkit");
  const t = translator(language);
  const locale = intlLocale(language);
  const time = (date: Date | null | undefined) => (date ? formatDateTime(date, PARK_TIME_ZONE, locale) : t("panel.notYet"));
  const title = pick(language, { en: contents.release.titleEn, zhHant: contents.release.titleZhHant });
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    bufferPages: true,
    lang: locale,
    info: { Title: `${t("report.title")} ${contents.release.code}`, Subject: title, Creator: "Plot tender portal", CreationDate: generatedAt },
  });
  const { regular, bold } = reportFonts(language);
  doc.registerFont("regular", regular);
  doc.registerFont("bold", bold);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const heading = (text: string) => doc.moveDown(0.5).font("bold").fontSize(13).fillColor("#14532d").text(text).moveDown(0.3).fillColor("#0f172a");
  const line = (label: string, value: string) => doc.font("bold").fontSize(9).text(`${label}${t("format.colon")}`, { continued: true }).font("regular").text(value);

  doc.font("bold").fontSize(18).fillColor("#0f172a").text(`${t("report.title")}${t("format.colon")}${contents.release.code}`);
  doc.font("regular").fontSize(11).text(title);
  doc.fontSize(8).fillColor("#334155").text(t("report.generated", { time: time(generatedAt) })).fillColor("#0f172a");

  heading(t("report.summary"));
  line(t("report.deadline"), time(contents.release.submissionDeadline));
  line(t("panel.technicalOpened"), time(contents.evaluation.technicalOpenedAt));
  line(t("panel.financialOpened"), time(contents.evaluation.financialOpenedAt));
  line(t("panel.resultsPublished"), time(contents.evaluation.resultsPublishedAt));
  line(t("report.received"), String(contents.openingRecord.lines.length));
  line(t("ranking.passMark"), `${contents.release.passMarkPercent} %`);
  line(t("report.passers"), String(contents.rows.filter((r) => r.passed).length));
  line(t("panel.chair"), contents.panel.filter((m) => m.role === "chair").map((m) => m.name).join(t("format.listSeparator")) || "—");
  line(t("panel.evaluators"), contents.panel.filter((m) => m.role === "evaluator").map((m) => m.name).join(t("format.listSeparator")) || "—");

  heading(t("ranking.heading"));
  doc.font("regular").fontSize(8).text(contents.evaluation.financialOpenedAt ? t("ranking.explainOpen") : t("ranking.explainSealed")).moveDown(0.5);
  table(
    doc,
    [
      { label: t("plot.code"), width: 6 },
      { label: t("ranking.rank"), width: 6, align: "right" },
      { label: t("receipts.organisation"), width: 16 },
      { label: t("ranking.technical"), width: 10, align: "right" },
      { label: t("ranking.passMark"), width: 10 },
      { label: t("ranking.premium"), width: 13, align: "right" },
      { label: t("ranking.financial"), width: 10, align: "right" },
      { label: t("ranking.total"), width: 9, align: "right" },
      { label: t("ranking.decision"), width: 21 },
    ],
    contents.rows.map((r) => [
      r.plot,
      r.rank === null ? "—" : String(r.rank),
      r.organisation,
      `${formatScore(r.technicalScore)} / ${formatScore(r.technicalMax)}`,
      t(r.passed ? "ranking.passed" : "ranking.failed", { mark: formatScore(r.passMark) }),
      r.offeredPremiumHkd === null ? "—" : BigInt(r.offeredPremiumHkd).toLocaleString("en-HK"),
      r.financialScore === null ? (contents.evaluation.financialOpenedAt && !r.passed ? t("ranking.sealed") : "—") : formatScore(r.financialScore),
      r.total === null ? "—" : formatScore(r.total),
      r.decision ? `${t(`outcome.${r.decision.outcome}`)}${t("format.colon")}${decisionReasonText(t, language, r.decision, r)}` : "—",
    ]),
  );

  heading(t("report.moderation"));
  if (contents.moderated.length) {
    table(
      doc,
      [
        { label: t("plot.code"), width: 6 },
        { label: t("receipts.organisation"), width: 16 },
        { label: t("evaluation.criterion"), width: 18 },
        { label: t("report.moderatedScore"), width: 11, align: "right" },
        { label: t("report.reason"), width: 27 },
        { label: t("report.by"), width: 22 },
      ],
      contents.moderated.map((m) => [m.plot, m.organisation, pick(language, { en: m.criterion.nameEn, zhHant: m.criterion.nameZhHant }), `${formatScore(m.score)} / ${m.criterion.maxScore}`, m.reason, `${m.by}, ${time(m.at)}`]),
    );
  } else doc.font("regular").fontSize(9).text(t("report.noModeration")).moveDown(0.5);

  heading(t("report.conflicts"));
  if (contents.declarations.length) {
    table(
      doc,
      [
        { label: t("evaluation.evaluator"), width: 16 },
        { label: t("plot.code"), width: 6 },
        { label: t("receipts.organisation"), width: 18 },
        { label: t("report.declaration"), width: 38 },
        { label: t("report.declaredAt"), width: 22 },
      ],
      contents.declarations.map((d) => [d.evaluator, d.plot, d.organisation, d.conflicted ? `${t("report.conflicted")}${t("format.colon")}${d.statement ?? ""}` : t("report.noConflict"), time(d.declaredAt)]),
    );
  } else doc.font("regular").fontSize(9).text(t("report.noDeclarations")).moveDown(0.5);

  heading(t("report.openingRecord"));
  line(t("panel.technicalOpened"), time(contents.openingRecord.openedAt));
  doc.moveDown(0.3);
  table(
    doc,
    [
      { label: t("receipts.organisation"), width: 20 },
      { label: t("report.registration"), width: 18 },
      { label: t("plot.code"), width: 7 },
      { label: t("report.receipt"), width: 20 },
      { label: t("report.receivedAt"), width: 24 },
      { label: t("report.version"), width: 9, align: "right" },
    ],
    contents.openingRecord.lines.map((l) => [l.organisation, l.registrationNumber, l.plot, l.receiptNumber, time(new Date(l.receivedAt)), String(l.version)]),
  );

  // Page numbers last, when the number of pages is known.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0; // the footer sits in the margin; without this pdfkit would start a page for it
    doc.font("regular").fontSize(7).fillColor("#334155").text(`${contents.release.code} · ${t("report.page", { page: i + 1, pages: range.count })}`, MARGIN, doc.page.height - MARGIN + 12, { width: doc.page.width - 2 * MARGIN, align: "right", lineBreak: false });
  }
  doc.end();
  return finished;
}
