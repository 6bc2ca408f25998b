/**
 * Removes the enforcement of each rule of DOMAIN.md, one at a time, runs the test named for it, and
 * records whether that test failed (it must), then puts the code back. docs/rules.md lists the
 * outcome. Run: TEST_DATABASE_URL=… node --import tsx scripts/rule-removals.ts [rule…] (`--check`: only
 * that each text to remove is found once)
 * Each removal replaces one exact text (it must occur exactly once) in one file; the file is
 * restored from its contents before the run, whatever happens.
 */
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { promisify } from "node:util";

interface Removal {
  rule: number;
  what: string;
  file: string;
  find: string;
  replace: string;
  test: string;
  /** Further texts in the same file removed with it: where a rule is held twice, each line alone enough. */
  also?: [find: string, replace: string][];
}

const removals: Removal[] = [
  { rule: 1, what: "tender documents of a published release only through an addendum", file: "app/releases/tender-documents.server.ts", find: `if (release.state !== "draft") throw new DomainError("documents.errors.useAddendum");`, replace: "", test: "tests/releases/tender-documents.test.ts" },
  { rule: 1, what: "an addendum leaves at least 7 days before the deadline", file: "app/releases/addenda.server.ts", find: "if (after.submissionDeadline.getTime() - now.getTime() < ADDENDUM_NOTICE_DAYS * DAY) {", replace: "if (false) {", test: "tests/releases/addenda.test.ts" },
  { rule: 1, what: "every registered proposer is emailed the addendum", file: "app/releases/addenda.server.ts", find: "(await releaseAudience(tx, release.id)).map(", replace: "([] as Awaited<ReturnType<typeof releaseAudience>>).map(", test: "tests/releases/addenda.test.ts" },
  { rule: 1, what: "withdrawing a plot from a published release is an addendum", file: "app/releases/cancellation.server.ts", find: "if (!needsAddendum(release.state)) {", replace: "if (true) {", test: "tests/releases/withdrawal-addendum.test.ts" },
  { rule: 2, what: "nothing changes at or after the deadline, by the database's clock", file: "app/proposals/gate.server.ts", find: "if (now >= release.submissionDeadline || ", replace: "if (", test: "tests/proposals/submission-rules.test.ts" },
  { rule: 2, what: "the time of receipt is the database's clock", file: "app/proposals/gate.server.ts", find: "const now = await serverNow(tx);\n  // Once the envelopes", replace: "const now = new Date(Date.now() - 3_600_000);\n  // Once the envelopes", test: "tests/proposals/time-of-receipt.test.ts" },
  { rule: 3, what: "the sealed package holds each document's own SHA-256", file: "app/proposals/sealing.server.ts", find: "size: String(d.size), sha256: d.sha256 }", replace: "size: String(d.size) }", test: "tests/proposals/package-digest.test.ts" },
  { rule: 3, what: "the receipt check refuses an unknown canonical form", file: "app/receipts/signing.server.ts", find: `if (receipt.data.canonicalization !== undefined && receipt.data.canonicalization !== RECEIPT_CANONICALIZATION) return { genuine: false, reason: "unknownCanonicalization" };`, replace: "", test: "tests/proposals/receipts-verify.test.ts" },
  { rule: 3, what: "older receipts without the canonical form still verify", file: "app/receipts/signing.server.ts", find: "canonicalization: z.string().max(100).optional(),", replace: "canonicalization: z.string().max(100),", test: "tests/proposals/receipts-verify.test.ts" },
  { rule: 4, what: "a proposal's page only for its own organisation", file: "app/proposals/drafts.server.ts", find: "  if (!owner) return null;\n  return db().proposal.findFirst({\n    where: { id: proposalId, ...owner },", replace: "  return db().proposal.findFirst({\n    where: { id: proposalId },", test: "tests/proposals/sealed.test.ts" },
  { rule: 4, what: "the audit page leaves out the entries about proposals", file: "app/platform/audit-checkpoint.server.ts", find: `where: { subjectType: { not: "proposal" }, sequence: { not: null } },`, replace: `where: { sequence: { not: null } },`, test: "tests/proposals/staff-see-no-bid-activity.test.ts" },
  { rule: 4, what: "the audit page shows no number of entries", file: "app/platform/audit-checkpoint.server.ts", find: "verification.valid ? { valid: true as const }", replace: "verification.valid ? { valid: true as const, entries: verification.entries }", test: "tests/proposals/staff-see-no-bid-activity.test.ts" },
  { rule: 4, what: "the outbox page leaves out the emails about proposals (receipts, withdrawals)", file: "app/platform/email.server.ts", find: "notIn: [...SEALED_TEMPLATES, ...RELEASE_AUDIENCE_TEMPLATES]", replace: "notIn: [...RELEASE_AUDIENCE_TEMPLATES]", test: "tests/proposals/staff-see-no-bid-activity.test.ts" },
  { rule: 4, what: "a release-wide email is one outbox line, whoever received it", file: "app/platform/email.server.ts", find: `SELECT regexp_replace("idempotencyKey", ':[^:]*$', '') AS broadcast`, replace: `SELECT "idempotencyKey" AS broadcast`, test: "tests/proposals/staff-see-no-bid-activity.test.ts" },
  { rule: 5, what: "an undeclared or conflicted evaluator sees nothing", file: "app/evaluation/conflict-gate.server.ts", find: "return undeclared === 0 && conflict !== null && !conflict.conflicted;", replace: "return true;", test: "tests/evaluation/evaluation.test.ts" },
  { rule: 5, what: "the chair must declare on every proposal (undeclared count)", file: "app/evaluation/conflict-gate.server.ts", find: `if (member?.role === "chair") return client.proposal.count(`, replace: `if (member?.role === "nobody") return client.proposal.count(`, test: "tests/evaluation/chair-conflicts.test.ts" },
  { rule: 5, what: "a conflicted chair's moderation view leaves out the plot", file: "app/evaluation/moderation.server.ts", find: "})).filter((p) => sight.maySeePlot(p.plot.code));", replace: "}));", test: "tests/evaluation/chair-conflicts.test.ts" },
  { rule: 5, what: "a conflicted chair's ranking leaves out the plot", file: "app/evaluation/moderation.server.ts", find: "(await rankingRows(releaseCode, ranking)).filter((r) => sight.maySeePlot(r.plot))", replace: "(await rankingRows(releaseCode, ranking))", test: "tests/evaluation/chair-conflicts.test.ts" },
  { rule: 5, what: "a conflicted chair cannot moderate the plot", file: "app/evaluation/moderation.server.ts", find: "    requireChairSees(await chairSight(tx, chair.id, release.id), proposal.plot.code);\n", replace: "", test: "tests/evaluation/chair-conflicts.test.ts" },
  { rule: 5, what: "a conflicted chair cannot decide the plot", file: "app/evaluation/decisions.server.ts", find: "    requireChairSees(await chairSight(tx, chair.id, proposal.releaseId), proposal.plot.code);\n", replace: "", test: "tests/evaluation/chair-conflicts.test.ts" },
  { rule: 5, what: "the chair's report CSV leaves out the plot", file: "app/evaluation/records.server.ts", find: "const rows = (await rankingRows(releaseCode, ranking)).filter((r) => maySeePlot(r.plot));\n  const names = new Map(release.panel.map((m) => [m.userId, m.user.name]));\n  // The CSV", replace: "const rows = await rankingRows(releaseCode, ranking);\n  const names = new Map(release.panel.map((m) => [m.userId, m.user.name]));\n  // The CSV", test: "tests/evaluation/chair-conflicts.test.ts" },
  { rule: 5, what: "the chair's PDF report leaves out the plot's declarations", file: "app/evaluation/records.server.ts", find: "declarations: declarations.filter((d) => proposals.has(d.proposalId)).map(", replace: "declarations: declarations.map(", test: "tests/evaluation/chair-conflicts.test.ts" },
  { rule: 5, what: "the financial opening waits for the chair's declarations", file: "app/evaluation/opening.server.ts", find: `if (!chair || (await undeclaredCount(tx, chair.userId, release.id)) > 0) throw new DomainError("chair.errors.declareFirst");`, replace: "", test: "tests/evaluation/chair-conflicts.test.ts" },
  { rule: 5, what: "the stages count the chair's declarations", file: "app/evaluation/stages.server.ts", find: "'toDeclare', CASE WHEN pm.role = 'chair' THEN (SELECT count(*) FROM counted)", replace: "'toDeclare', CASE WHEN false THEN (SELECT count(*) FROM counted)", test: "tests/evaluation/stages.test.ts" },
  { rule: 5, what: "another chair only from the confirmation page, with a reason", file: "app/routes/admin.releases.$code_.chair.tsx", find: "if (!confirmed(form)) return data<Refused>({ problems: [{ key: UNCONFIRMED }], sent }, { status: 400 });", replace: "", test: "tests/evaluation/chair-conflicts.test.ts" },
  { rule: 6, what: "others' scores only after one's own are submitted", file: "app/evaluation/scoring.server.ts", find: "    othersScores: submitted\n", replace: "    othersScores: true\n", test: "tests/evaluation/evaluation.test.ts" },
  { rule: 6, what: "a moderated score needs a reason", file: "app/evaluation/moderation.server.ts", find: `if (reason.trim().length < 3) throw new DomainError("evaluation.errors.reasonRequired");`, replace: "", test: "tests/evaluation/evaluation.test.ts" },
  { rule: 7, what: "only passers get a financial share", file: "app/evaluation/ranking.ts", find: "const passers = list.filter((p) => p.passed);", replace: "const passers = list;", test: "tests/evaluation/ranking.test.ts" },
  { rule: 7, what: "only the passers' premiums are read (a second line: the arithmetic compares passers' premiums only)", file: "app/evaluation/ranking-data.server.ts", find: "landPremiumHkd: passers.has(p.proposalId) ? (data.premiums.get(p.proposalId) ?? null) : null", replace: "landPremiumHkd: data.premiums.get(p.proposalId) ?? null", test: "tests/evaluation/highest-compliant-offer.test.ts" },
  { rule: 7, what: "financial envelopes wait for every eligible evaluator", file: "app/evaluation/opening.server.ts", find: `if (eligible.length === 0 || eligible.some((a) => !p.scoreSubmissions.some((s) => s.evaluatorId === a.evaluatorId))) throw new DomainError("evaluation.errors.technicalIncomplete");`, replace: "", test: "tests/evaluation/stages.test.ts" },
  { rule: 8, what: "ties are broken by the technical score", file: "app/evaluation/ranking.ts", find: "    b.technicalScore - a.technicalScore ||\n", replace: "", test: "tests/evaluation/ranking.test.ts" },
  { rule: 8, what: "the financial share is relative to the highest passing premium, not any offer's", file: "app/evaluation/ranking.ts", find: "const highest = passers.reduce(", replace: "const highest = list.reduce(", test: "tests/evaluation/ranking.test.ts" },
  { rule: 9, what: "results are published only when every proposal has a decision", file: "app/results/results.server.ts", find: `if (proposals.some((p) => !p.decision)) throw new DomainError("evaluation.errors.decisionsMissing");`, replace: "", test: "tests/evaluation/evaluation.test.ts" },
  { rule: 10, what: "each entry carries the previous entry's digest, and the check follows it", file: "app/platform/audit.server.ts", find: `if (row.previousDigest !== previousDigest) return broken("previous-digest");`, replace: "", test: "tests/audit/audit-chain.test.ts" },
  { rule: 10, what: "making an award final writes its audit entry", file: "app/results/awards.server.ts", find: `    await recordAuditEvent(tx, awardFinalEntry(`, replace: `    if (Date.now() < 0) await recordAuditEvent(tx, awardFinalEntry(`, test: "tests/platform/audit-per-action.test.ts" },
  { rule: 10, what: "a decision's audit entry is written in the decision's transaction (moved after it commits)", file: "app/evaluation/decisions.server.ts", find: `    await recordAuditEvent(tx, decisionProposedEntry(chair.id, proposalId, decision.outcome, record));\n  });\n}`, replace: `  });\n  await db().$transaction((own) => recordAuditEvent(own, decisionProposedEntry(chair.id, proposalId, decision.outcome, { reason: decision.reason, noteEn: null, noteZhHant: null })));\n}`, test: "tests/platform/audit-per-action.test.ts" },
  { rule: 10, what: "the audit page recomputes the entries after its checkpoint", file: "app/platform/audit-checkpoint.server.ts", find: "const verification = await verifyAuditChain(database, undefined, from);", replace: "const verification = await verifyAuditChain(database);", test: "tests/audit/audit-checkpoint.test.ts" },
  { rule: 10, what: "the audit page trusts a checkpoint only while its entry still carries its digest", file: "app/platform/audit-checkpoint.server.ts", find: "const from = checkpoint && entry?.digest === checkpoint.digest ?", replace: "const from = checkpoint ?", test: "tests/audit/audit-checkpoint.test.ts" },
  { rule: 10, what: "the audit page shows the break the hourly whole-chain check found", file: "app/platform/audit-checkpoint.server.ts", find: "  if (checkpoint?.firstBroken != null) {", replace: "  if (false) {", test: "tests/audit/audit-checkpoint.test.ts" },
  { rule: 11, what: "an award becomes final only after its standstill (the clock's choice of awards, and the award read again under its lock)", file: "app/results/awards.server.ts", find: `if (award.status !== "pending" || award.standstillEndsAt > now) return null;`, replace: `if (award.status !== "pending") return null;`, also: [[`WHERE status = 'pending' AND "standstillEndsAt" <= clock_timestamp()`, `WHERE status = 'pending'`]], test: "tests/results/standstill.test.ts" },
  { rule: 11, what: "an award with an open challenge does not become final", file: "app/results/awards.server.ts", find: `    if ((await tx.challenge.count({ where: { awardId, state: "open" } })) > 0) return null;\n`, replace: "", test: "tests/results/standstill.test.ts" },
  { rule: 11, what: "an award becomes final exactly once (the award read again under its lock)", file: "app/results/awards.server.ts", find: `if (award.status !== "pending" || award.standstillEndsAt > now) return null;`, replace: `if (award.standstillEndsAt > now) return null;`, test: "tests/results/standstill.test.ts" },
  { rule: 11, what: "the standstill ends by the database's clock", file: "app/results/awards.server.ts", find: "    const now = await serverNow(tx);\n    if (award.status", replace: "    const now = new Date(Date.now() - 3_600_000);\n    if (award.status", test: "tests/results/standstill.test.ts" },
  { rule: 12, what: "a final award's promises are the sealed version's, not the draft's", file: "app/developments/developments.server.ts", find: "const promises = promisesOfSealed(version.sealedPackage as SealedPackage);", replace: "const promises = { ...promisesOfSealed(version.sealedPackage as SealedPackage), promisedGfaM2: proposal.grossFloorAreaM2 ?? 0 };", test: "tests/developments/commitments.test.ts" },
  { rule: 12, what: "an approved variation never overwrites the original promise", file: "app/developments/variations.server.ts", find: "    await tx.variation.update({ where: { id: variationId }, data: { state: input.decision,", replace: "    if (input.decision === \"approved\" && variation.subject === \"research_posts\") await tx.development.update({ where: { id: developmentId }, data: { promisedResearchPosts: Number(variation.toValue) } });\n    await tx.variation.update({ where: { id: variationId }, data: { state: input.decision,", test: "tests/developments/commitments.test.ts" },
];

const run = promisify(execFile);
const checkOnly = process.argv.includes("--check");
const wanted = process.argv.slice(2).filter((a) => a !== "--check").map(Number);
if (checkOnly) {
  // Only that every text to remove is there, once: quick, before a long run.
  for (const r of removals) {
    const text = readFileSync(r.file, "utf8");
    for (const find of [r.find, ...(r.also ?? []).map(([f]) => f)]) if (text.split(find).length !== 2) console.log(`not found once: ${r.file}: ${r.what}`);
  }
  process.exit(0);
}
const results: (Removal & { failed: boolean; summary: string; failures: string[] })[] = [];
for (const removal of removals.filter((r) => wanted.length === 0 || wanted.includes(r.rule))) {
  const original = readFileSync(removal.file, "utf8");
  let removed = original;
  for (const [find, replace] of [[removal.find, removal.replace], ...(removal.also ?? [])] as [string, string][]) {
    const occurrences = original.split(find).length - 1;
    if (occurrences !== 1) throw new Error(`${removal.file}: the text to remove occurs ${occurrences} times (${removal.what})`);
    removed = removed.replace(find, replace);
  }
  writeFileSync(removal.file, removed);
  let failed = false;
  let output = "";
  try {
    const done = await run("npx", ["vitest", "run", removal.test], { env: process.env, maxBuffer: 64 * 1024 * 1024 });
    output = done.stdout + done.stderr;
  } catch (error) {
    failed = true;
    output = String((error as { stdout?: string }).stdout ?? "") + String((error as { stderr?: string }).stderr ?? "");
  } finally {
    writeFileSync(removal.file, original);
  }
  // Without the terminal's colour codes (ESC [ … m).
  const plain = output.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), "");
  const summary = plain.match(/Tests\s+.*\(\d+\)/)?.[0] ?? "";
  // Which tests failed and why (an assertion, not a timeout, is what shows the rule was caught).
  const failures = [...plain.matchAll(/FAIL\s+(.*)\n(.*)/g)].map((m) => `${m[1]!.trim()} — ${m[2]!.trim().slice(0, 160)}`);
  results.push({ ...removal, failed, summary, failures });
  console.log(`rule ${removal.rule}: ${removal.what} → ${removal.test}: ${failed ? "FAILED (as it must)" : "PASSED (no test caught it)"} ${summary}`);
  for (const failure of failures) console.log(`    ${failure}`);
}
writeFileSync("reports/rule-removals.json", JSON.stringify(results.map(({ find: _f, replace: _r, ...r }) => r), null, 2));
if (results.some((r) => !r.failed)) process.exitCode = 1;
