import pg from "pg";

/**
 * Every statement this process sends to PostgreSQL while `run` runs, in order (the app's pool,
 * Prisma's driver adapter included, sends through `pg.Client`). Nothing else may use the database
 * meanwhile: run it alone.
 */
export async function statementsDuring<T>(run: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const sent = args[0] as string | { text: string };
    statements.push(typeof sent === "string" ? sent : sent.text);
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    return { result: await run(), statements };
  } finally {
    pg.Client.prototype.query = query;
  }
}
