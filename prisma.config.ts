import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

// Prisma 6.19 in driver-adapter mode: the CLI uses the WebAssembly schema engine and talks to the
// database through the same adapter as the app, so nothing native has to be downloaded
// (see docs/decisions/0001-prisma-driver-adapter.md).
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  adapter: async () => {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL must be set for Prisma CLI commands");
    // A short idle timeout lets the CLI exit as soon as it is done instead of waiting 10 s for pg's pool.
    return new PrismaPg({ connectionString, idleTimeoutMillis: 50 });
  },
});
