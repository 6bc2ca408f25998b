import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client.ts";

export type Database = PrismaClient;

/**
 * The one way the app reaches its database: the same Prisma client and pg driver adapter for a
 * real PostgreSQL and for the embedded one (PGlite served over the wire protocol).
 */
/**
 * How long a request may wait for a database connection. In the last minute before a deadline
 * hundreds of submissions queue for the pool (the embedded database has a single connection): they
 * wait their turn rather than fail after Prisma's default of 2 s. The time a submission waited is
 * not held against it (see lockOpenProposal in app/proposals/gate.server.ts).
 */
export const TRANSACTION_WAIT_MS = 60_000;

/** How long a connection that died while lent out may stay unreturned before the pool takes it back. */
const LOST_CONNECTION_GRACE_MS = 1_000;

/**
 * A pool that gets back the connections that die while lent out. Prisma's pg adapter does not
 * return a transaction's connection when the connection was lost in the middle of it (the database
 * restarted, the network cut): each such connection would keep its place in the pool for good, and
 * after a few outages every request would wait for a connection that never comes
 * (tests/reliability/database-outage.test.ts).
 */
function recoveringPool(options: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(options);
  const lent = new WeakSet<pg.PoolClient>();
  pool.on("acquire", (client) => lent.add(client));
  pool.on("release", (_error, client) => lent.delete(client));
  pool.on("connect", (client) => {
    client.on("end", () => {
      setTimeout(() => {
        if (!lent.has(client)) return;
        try {
          client.release(new Error("connection lost while lent out"));
        } catch {
          // Given back meanwhile.
        }
      }, LOST_CONNECTION_GRACE_MS).unref();
    });
  });
  return pool;
}

export function createDatabase(connectionString: string, poolSize: number): Database {
  const pool = recoveringPool({
    connectionString,
    max: poolSize,
    connectionTimeoutMillis: TRANSACTION_WAIT_MS,
    // Keeps a request from hanging on a database that stopped answering.
    query_timeout: 15_000,
  });
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  return new PrismaClient({ adapter, transactionOptions: { maxWait: TRANSACTION_WAIT_MS, timeout: 30_000 } });
}

let current: Database | undefined;

/**
 * The process-wide client, created on first use from DATABASE_URL. The server sets
 * DATABASE_URL (and DATABASE_POOL_SIZE) before the first request, also for the embedded
 * database; tests set them to their own database.
 */
export function db(): Database {
  if (!current) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: the server sets it at start-up");
    current = createDatabase(url, Number(process.env.DATABASE_POOL_SIZE) || 10);
  }
  return current;
}

export async function disconnectDatabase(): Promise<void> {
  const closing = current;
  current = undefined;
  await closing?.$disconnect();
}

/** True when the database answers a trivial query within the time limit. */
export async function databaseIsReachable(timeoutMs = 3_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    const probe = db()
      .$queryRaw`SELECT 1`.then(() => true)
      .catch(() => false);
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
