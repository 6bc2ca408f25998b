import type { Database } from "../app/platform/database/db.server.ts";
import { hashPassword } from "../app/accounts/passwords.server.ts";
import { registrationKey } from "../app/organisations/registration-number.ts";
import {
  demoAccounts,
  demoAwaitingProposals,
  demoBidderPassword,
  demoBidders,
  demoConcludedProposals,
  demoCriteria,
  demoEligibility,
  demoOrganisation,
  demoPhases,
  demoPlots,
  demoReleases,
  demoRequiredDocuments,
} from "./demo-park.ts";
import { recordAuditEvents, type AuditEntry } from "../app/platform/audit.server.ts";
import { draftedEntry, publishedEntry } from "../app/releases/builder.server.ts";
import { seedBidders, seedConcludedEvaluation, seedFormedPanel, seedSealedProposals } from "./demo-evaluation.ts";
import { seedDemoDevelopments, seedParkTargets } from "./demo-developments.ts";

const DAY = 86_400_000;

/**
 * Loads the demo park. Idempotent: everything is keyed by its code or email and only created when
 * missing, so a second run changes nothing (and keeps the timeline fixed at the first run's dates).
 * The audit log tells the demo's past as the portal would have recorded it: every entry the
 * process functions write, built by their own builders, appended last in the order they happened.
 */
export async function seedDemoPark(db: Database, now = new Date()): Promise<void> {
  // Hashed off the event loop while the park's plots and releases are written.
  const hashing = Promise.all([hashPassword(demoBidderPassword), ...demoAccounts.map((a) => hashPassword(a.password))]);
  await db.$transaction(
    async (tx) => {
      const past: { at: Date; entry: AuditEntry }[] = [];
      const history = (at: Date, entry: AuditEntry) => past.push({ at, entry });
      const phaseIds = new Map<string, string>();
      for (const phase of demoPhases) {
        const row = await tx.phase.upsert({ where: { code: phase.code }, create: phase, update: {} });
        phaseIds.set(phase.code, row.id);
      }
      const releases = demoReleases(now);
      const liveCodes = new Set(
        releases.filter((r) => r.state !== "draft").flatMap((r) => r.plotCodes),
      );
      // One insert per table (a first start waits for the seed); existing rows are kept as they are.
      const plots = demoPlots().map(({ phaseCode, ...plot }) => ({
        ...plot,
        phaseId: phaseIds.get(phaseCode)!,
        state: liveCodes.has(plot.code) ? ("in_release" as const) : ("inventory" as const),
      }));
      await tx.plot.createMany({ data: plots, skipDuplicates: true });
      const plotRows = await tx.plot.findMany({ where: { code: { in: plots.map((p) => p.code) } }, select: { id: true, code: true } });
      const plotIds = new Map(plotRows.map((p) => [p.code, p.id]));
      const drafted: typeof releases = [];
      for (const demo of releases) {
        const { phaseCode, plotCodes, ...release } = demo;
        const existing = await tx.release.findUnique({ where: { code: release.code } });
        if (!existing) drafted.push(demo);
        const row =
          existing ??
          (await tx.release.create({
            data: {
              ...release,
              ...demoEligibility,
              passMarkPercent: 60,
              publishedAt: release.state === "draft" ? null : release.publicationAt,
              phaseId: phaseIds.get(phaseCode)!,
            },
          }));
        if ((await tx.criterion.count({ where: { releaseId: row.id } })) === 0) {
          await tx.criterion.createMany({ data: demoCriteria.map((c, position) => ({ ...c, releaseId: row.id, position })) });
          await tx.requiredDocument.createMany({
            data: demoRequiredDocuments.map((d, position) => ({ ...d, acceptedTypes: [...d.acceptedTypes], releaseId: row.id, position })),
          });
        }
        if ((await tx.releasePlot.count({ where: { releaseId: row.id } })) === 0) {
          await tx.releasePlot.createMany({
            data: plotCodes.map((code, position) => ({ releaseId: row.id, plotId: plotIds.get(code)!, position })),
          });
        }
      }
      const organisation = await tx.organisation.upsert({
        where: { registrationKey: registrationKey(demoOrganisation.registrationNumber) },
        create: { ...demoOrganisation, focusSectors: [...demoOrganisation.focusSectors] },
        update: {},
      });
      const [bidderHash, ...passwordHashes] = await hashing;
      await tx.user.createMany({
        data: demoAccounts.map((account, index) => ({
          email: account.email,
          name: account.name,
          staffRole: account.staffRole,
          passwordHash: passwordHashes[index]!,
          emailVerifiedAt: now,
        })),
        skipDuplicates: true,
      });
      const users = await tx.user.findMany({ where: { email: { in: demoAccounts.map((a) => a.email) } }, select: { id: true, email: true } });
      const userIds = new Map(users.map((u) => [u.email, u.id]));
      await tx.membership.createMany({
        data: demoAccounts.flatMap((a) => (a.organisationRole ? [{ userId: userIds.get(a.email)!, organisationId: organisation.id, role: a.organisationRole }] : [])),
        skipDuplicates: true,
      });

      // Bidders, their sealed proposals and the evaluations: a concluded release and one awaiting opening.
      const adminId = userIds.get("admin@demo.hsitp.example")!;
      for (const release of drafted) {
        // Drafted a few days before publication (a draft still to be published: yesterday), and
        // published by an administrator at its publication time.
        history(new Date(Math.min(release.publicationAt.getTime() - 5 * DAY, now.getTime() - DAY)), draftedEntry(adminId, release.code, release.plotCodes));
        if (release.state !== "draft") history(release.publicationAt, publishedEntry(adminId, release.code, release.publicationAt));
      }
      const bidders = await seedBidders(tx, demoBidders, bidderHash!, now);
      const panel = {
        adminId,
        chairId: userIds.get("chair@demo.hsitp.example")!,
        evaluatorIds: demoAccounts.filter((a) => a.staffRole === "evaluator" && !a.email.startsWith("chair@")).map((a) => userIds.get(a.email)!),
      };
      const concluded = await seedSealedProposals(tx, "HSITP-2026-01", demoConcludedProposals, bidders, history);
      if (concluded) await seedConcludedEvaluation(tx, "HSITP-2026-01", concluded, panel, { conflict: { evaluator: 2, bidder: "meridian" }, moderation: { bidder: "kowloonquantum", criterion: 2 },
        challenge: {
          plot: "1W-02",
          bidder: "meridian",
          grounds: "The financial score of our offer appears to use a premium other than the one we submitted; we ask the authority to check the figure against our sealed financial envelope.",
          response: "The financial score was checked against the sealed financial envelope: the premium used is the one submitted, and the score follows the published formula. The award stands.",
        },
      }, history);
      // A year after its awards became final: the development records and their reports, and the park's targets.
      await seedDemoDevelopments(tx, "HSITP-2026-01", panel.adminId, now, history);
      await seedParkTargets(tx, phaseIds);
      const awaiting = await seedSealedProposals(tx, "HSITP-2026-03", demoAwaitingProposals, bidders, history);
      if (awaiting) await seedFormedPanel(tx, "HSITP-2026-03", panel, history);
      // In the order it happened (a stable sort: entries of one moment keep the order they were told in).
      await recordAuditEvents(tx, past.sort((a, b) => a.at.getTime() - b.at.getTime()).map(({ at, entry }) => ({ entry, occurredAt: at })));
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}
