import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "~/platform/config.server.ts";

const root = path.resolve(import.meta.dirname, "../..");

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("configuration", () => {
  it("runs on embedded defaults with nothing set", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ PORT: 3000, HOST: "0.0.0.0", EMBEDDED_DB_DIR: "./data/pglite", SEED_DEMO_DATA: true });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it("treats empty variables as unset, as .env files write them", () => {
    const config = parseConfig({ DATABASE_URL: "", PORT: "" });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.PORT).toBe(3000);
  });

  it("accepts PostgreSQL URLs over TCP and over a unix socket", () => {
    expect(parseConfig({ DATABASE_URL: "postgresql://u:p@db:5432/portal" }).DATABASE_URL).toBe("postgresql://u:p@db:5432/portal");
    expect(parseConfig({ DATABASE_URL: "postgres://root@/test?host=/var/run/postgresql" }).DATABASE_URL).toContain("/test");
  });

  it("names the variable and the value in one line per problem", () => {
    const lines = problems({ PORT: "http", LOG_LEVEL: "loud" });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Configuration error: PORT .*\(got "http"\)/);
    expect(lines[1]).toMatch(/^Configuration error: LOG_LEVEL /);
  });

  it("refuses a database URL of another kind without echoing it (it may hold a password)", () => {
    const [line] = problems({ DATABASE_URL: "mysql://user:secret@db/portal" });
    expect(line).toMatch(/DATABASE_URL must be a postgresql:\/\/ URL/);
    expect(line).not.toContain("secret");
  });

  it("refuses out-of-range numbers", () => {
    expect(problems({ PORT: "70000" })[0]).toMatch(/PORT/);
    expect(problems({ DATABASE_POOL_SIZE: "0" })[0]).toMatch(/DATABASE_POOL_SIZE/);
    expect(problems({ PUBLIC_PAGE_CACHE_SECONDS: "-1" })[0]).toMatch(/PUBLIC_PAGE_CACHE_SECONDS/);
    expect(problems({ PUBLIC_PAGE_CACHE_SECONDS: "3600" })[0]).toMatch(/PUBLIC_PAGE_CACHE_SECONDS/);
    expect(parseConfig({ PUBLIC_PAGE_CACHE_SECONDS: "0" }).PUBLIC_PAGE_CACHE_SECONDS).toBe(0);
    expect(parseConfig({}).PUBLIC_PAGE_CACHE_SECONDS).toBe(2);
  });
});

describe("start-up with a bad environment", () => {
  const start = (env: Record<string, string>) =>
    spawnSync(process.execPath, ["build/server/main.js"], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", ...env },
      encoding: "utf8",
      timeout: 30_000,
    });

  it("stops with one clear line naming the variable", () => {
    const result = start({ PORT: "not-a-port" });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^Start-up failed: Configuration error: PORT .*"not-a-port"/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("stops with a clear message, not a stack trace, when the database is unreachable", () => {
    const result = start({ DATABASE_URL: "postgresql://portal:hunter2@127.0.0.1:1/portal" });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Start-up failed: cannot reach, migrate or prepare the database at postgresql:\/\/portal:\*\*\*@127\.0\.0\.1:1\/portal \(ECONNREFUSED\)\. Check DATABASE_URL\./);
    expect(result.stderr).not.toContain("hunter2");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
