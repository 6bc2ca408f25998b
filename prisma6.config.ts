import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma6/config";

// Prisma 6.19's CLI (the `prisma6` package), run through `npm run prisma6 -- …` (scripts/prisma6.ts),
// for authoring migrations and for operators: its WebAssembly schema engine works offline when it
// talks to the database through the driver adapter (decisions 0001, 0017).
const schema = process.env.PRISMA6_SCHEMA;
if (!schema) throw new Error("Run Prisma 6.19's CLI as `npm run prisma6 -- <command>`: it needs the schema with its URL (scripts/prisma6.ts)");

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema,
  migrations: { path: "prisma/migrations" },
  adapter: async () => {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL must be set for Prisma CLI commands");
    // A short idle timeout lets the CLI exit as soon as it is done instead of waiting 10 s for pg's pool.
    return new PrismaPg({ connectionString, idleTimeoutMillis: 50 });
  },
});
