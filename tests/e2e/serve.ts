import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

// The portal exactly as `npm start` runs it, on a fresh embedded database that is removed on exit.
const dataDir = mkdtempSync(path.join(os.tmpdir(), "portal-e2e-"));
process.on("exit", () => rmSync(dataDir, { recursive: true, force: true }));
process.env.EMBEDDED_DB_DIR = dataDir;
process.env.HOST = "127.0.0.1";
process.env.NODE_ENV = "production";
delete process.env.DATABASE_URL;
await import("../../server/main.ts");
