/** The test databases' server: a real PostgreSQL when TEST_DATABASE_URL is set, else PGlite. */
export interface TestDatabaseServer {
  kind: "postgres" | "embedded";
  /** postgres: a connection to the server where tests may create and drop databases. */
  adminUrl?: string;
  /** postgres: the migrated template database each test file copies. */
  template?: string;
  /** embedded: a tarball of a migrated PGlite data directory each test file starts from. */
  dumpPath?: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseServer: TestDatabaseServer;
  }
}

/** The same server URL with another database name. */
export function withDatabase(url: string, database: string): string {
  // Not `new URL`: socket URLs such as postgresql://root@/test?host=/var/run/postgresql have no host.
  const match = url.match(/^(postgres(?:ql)?:\/\/[^/?]*)(?:\/[^?]*)?(\?.*)?$/);
  if (!match) throw new Error("TEST_DATABASE_URL must be a postgresql:// URL");
  return `${match[1]}/${database}${match[2] ?? ""}`;
}
