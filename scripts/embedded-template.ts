import path from "node:path";
import { writeTemplate } from "../server/embedded-database.ts";
import { applyMigrations } from "../server/migrations.ts";
import { projectRoot } from "../server/project-root.ts";

// Part of `npm run build`: the migrated, empty embedded database that a first `npm start` copies
// instead of creating one (server/embedded-database.ts). It follows prisma/migrations as they are
// at build time; a start-up still applies any migration the template lacks.
await writeTemplate(path.join(projectRoot(), "build", "embedded-database"), applyMigrations);
