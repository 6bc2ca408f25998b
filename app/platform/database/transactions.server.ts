import { Prisma } from "./generated/prisma/client.ts";

/** The client a domain function receives inside `db().$transaction(async (tx) => …)`. */
export type Tx = Prisma.TransactionClient;

/**
 * The server's clock: the database's, read inside the transaction that depends on it (rule 2 of
 * DOMAIN.md). `clock_timestamp()`, not `now()`: a transaction that waited for a lock must see the
 * time after the wait, not the time it began.
 */
export async function serverNow(tx: Tx): Promise<Date> {
  const [row] = await tx.$queryRaw<{ now: Date }[]>`SELECT clock_timestamp() AS now`;
  return new Date(row!.now);
}

/** Tables whose rows a transaction locks to take turns with others acting on the same thing. */
type LockableTable = "Release" | "Proposal" | "Organisation" | "Award" | "Development";

/**
 * Locks one row until the transaction ends: `update` for whoever changes it (others wait), `share`
 * for whoever only needs it not to change meanwhile. A release may be named by its code. Returns
 * the row's id, or null when there is no such row.
 */
export async function lockRow(
  tx: Tx,
  table: LockableTable,
  row: { id: string } | { code: string },
  mode: "update" | "share" = "update",
): Promise<string | null> {
  const where = "code" in row ? Prisma.sql`code = ${row.code}` : Prisma.sql`id = ${row.id}::uuid`;
  const rows = await tx.$queryRaw<{ id: string }[]>(
    Prisma.sql`SELECT id FROM ${Prisma.raw(`"${table}"`)} WHERE ${where} FOR ${Prisma.raw(mode === "share" ? "SHARE" : "UPDATE")}`,
  );
  return rows[0]?.id ?? null;
}
