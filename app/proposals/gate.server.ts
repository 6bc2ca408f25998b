import type { CurrentUser } from "~/accounts/sessions.server.ts";
import { can } from "~/accounts/permissions.ts";
import { TRANSACTION_WAIT_MS } from "~/platform/database/db.server.ts";
import { Prisma } from "~/platform/database/generated/prisma/client.ts";
import { serverNow, type Tx } from "~/platform/database/transactions.server.ts";
import { DomainError } from "~/platform/domain-error.ts";

// The sealed-bid rules (DOMAIN.md rules 2 and 4) in one place: who may see a proposal, and whether
// it may still change by the server's clock.

/** A refusal because the deadline has passed, with the server's time to show. */
export class DeadlinePassedError extends DomainError {
  constructor(readonly serverTime: Date) {
    super("proposals.errors.deadlinePassed");
  }
}

/** Sees a proposal only as a member of its organisation acting for it; everyone else gets nothing. */
export function ownedBy(user: CurrentUser) {
  if (!user.organisation || !can(user.roles, "proposal:prepare")) return null;
  return { organisationId: user.organisation.id };
}

/**
 * Locks the proposal (ours only) and its release for the rest of the transaction: the release row
 * shared, then the proposal row, always in this order (the release clock's close waits for
 * submissions in flight, and two members of one organisation take turns). One statement: the
 * materialised CTE locks the release before the outer query can return, and so lock, the proposal.
 * `share` for steps that only need it to stay open (the parts of an upload run in parallel).
 */
export async function lockOwnProposal(tx: Tx, user: CurrentUser, proposalId: string, mode: "share" | "update"): Promise<void> {
  const owner = ownedBy(user);
  if (!owner) throw new DomainError("proposals.errors.notFound");
  const locked = await tx.$queryRaw<{ id: string }[]>`
    WITH release AS MATERIALIZED (
      SELECT r.id FROM "Release" r JOIN "Proposal" p ON p."releaseId" = r.id
      WHERE p.id = ${proposalId}::uuid AND p."organisationId" = ${owner.organisationId}::uuid
      FOR SHARE OF r)
    SELECT p.id FROM "Proposal" p JOIN release ON release.id = p."releaseId"
    WHERE p.id = ${proposalId}::uuid FOR ${Prisma.raw(mode === "share" ? "SHARE" : "UPDATE")} OF p`;
  if (locked.length === 0) throw new DomainError("proposals.errors.notFound");
}

/**
 * The time of receipt of a change to a proposal, read after its locks are held, or a refusal when
 * the proposal is no longer open for changes then. `now` is the database's clock; `arrivedAt`
 * (performance.now() when the request reached this process) makes the time of receipt the
 * request's, not the end of its wait for a database connection.
 */
export function receivedWhileOpen(
  release: { state: string; submissionDeadline: Date; technicalOpenedAt: Date | null },
  offered: { withdrawnAt: Date | null } | null,
  now: Date,
  arrivedAt?: number,
): Date {
  // Once the envelopes are open, nothing joins or changes, however long a request waited.
  if (release.technicalOpenedAt) throw new DeadlinePassedError(now);
  // The database's clock, less the time this request waited here (measured on this process's
  // monotonic clock, so no app server's wall clock is trusted). A wait longer than a request can
  // wait for its connections (a save, then the submission) is not believed.
  const waited = arrivedAt === undefined ? 0 : Math.max(0, performance.now() - arrivedAt);
  const waitedMs = waited <= 2 * TRANSACTION_WAIT_MS ? waited : 0;
  const receivedAt = new Date(now.getTime() - Math.floor(waitedMs));
  refuseUnlessOpen(release, offered, receivedAt);
  return receivedAt;
}

/**
 * Locks the proposal (ours only) and its release for the rest of the transaction (see
 * lockOwnProposal), and checks it is still open for changes; returns it with its time of receipt.
 */
export async function lockOpenProposal(tx: Tx, user: CurrentUser, proposalId: string, options: { share?: boolean; arrivedAt?: number } = {}) {
  await lockOwnProposal(tx, user, proposalId, options.share ? "share" : "update");
  const proposal = await tx.proposal.findUniqueOrThrow({
    where: { id: proposalId },
    include: { release: { include: { evaluation: { select: { technicalOpenedAt: true } } } }, plot: true, organisation: true },
  });
  const now = await serverNow(tx);
  const offered = await tx.releasePlot.findUnique({ where: { releaseId_plotId: { releaseId: proposal.releaseId, plotId: proposal.plotId } } });
  const receivedAt = receivedWhileOpen({ ...proposal.release, technicalOpenedAt: proposal.release.evaluation?.technicalOpenedAt ?? null }, offered, now, options.arrivedAt);
  return { proposal, now: receivedAt };
}

/** Refuses a change to a proposal of this release and plot unless it is still open for proposals at `now`. */
export async function assertOpenForChanges(tx: Tx, release: { id: string; state: string; submissionDeadline: Date }, plotId: string, now: Date) {
  const offered = await tx.releasePlot.findUnique({ where: { releaseId_plotId: { releaseId: release.id, plotId } } });
  refuseUnlessOpen(release, offered, now);
}

function refuseUnlessOpen(release: { state: string; submissionDeadline: Date }, offered: { withdrawnAt: Date | null } | null, now: Date) {
  if (release.state === "cancelled") throw new DomainError("proposals.errors.releaseCancelled");
  // The deadline by the database's clock decides; "closed" is only what the release clock (on an
  // app server's clock, once a minute) displays.
  if (now >= release.submissionDeadline || !["open", "closed"].includes(release.state)) throw new DeadlinePassedError(now);
  if (!offered || offered.withdrawnAt) throw new DomainError("proposals.errors.plotWithdrawn");
}
