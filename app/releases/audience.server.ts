import type { Tx } from "~/platform/database/transactions.server.ts";

/**
 * Everyone to tell of a change to a release (an addendum, an answer, a cancellation): the people
 * following it and the members of every organisation preparing or holding a proposal for it. Each
 * person once. Read inside the transaction of the change, so nobody who joins meanwhile is missed.
 */
export async function releaseAudience(tx: Tx, releaseId: string) {
  const users = await tx.user.findMany({
    where: {
      OR: [
        { following: { some: { releaseId } } },
        { memberships: { some: { organisation: { proposals: { some: { releaseId } } } } } },
      ],
    },
    select: { id: true, email: true, locale: true },
    orderBy: { createdAt: "asc" },
  });
  return users;
}
