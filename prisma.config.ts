import { defineConfig } from "prisma/config";

// Prisma 7's CLI, used only to generate the client (decision 0017). Its `migrate` commands need a
// native schema engine that cannot be downloaded here, so it gets no datasource: migrations are
// applied by server/migrations.ts and authored with Prisma 6.19's CLI (prisma6.config.ts).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
