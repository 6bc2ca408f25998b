import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { E2E_OUTBOX_DIR } from "./mailbox.ts";

// The portal exactly as `npm start` runs it (NODE_ENV unset: production is the default), on a fresh
// embedded database that is removed on exit.
const dataDir = mkdtempSync(path.join(os.tmpdir(), "portal-e2e-"));
process.on("exit", () => rmSync(dataDir, { recursive: true, force: true }));
process.env.EMBEDDED_DB_DIR = dataDir;
process.env.STORAGE_DIR = path.join(dataDir, "files");
process.env.RECEIPT_KEY_FILE = path.join(dataDir, "receipt-signing-key.pem");
// The browser tests read the emails the portal writes here (see tests/e2e/mailbox.ts).
rmSync(E2E_OUTBOX_DIR, { recursive: true, force: true });
process.env.OUTBOX_DIR = E2E_OUTBOX_DIR;
process.env.PUBLIC_URL = `http://127.0.0.1:${process.env.PORT ?? 3100}`;
process.env.HOST = "127.0.0.1";
delete process.env.DATABASE_URL;
Reflect.deleteProperty(process.env, "NODE_ENV");
// @ts-expect-error: compiled JavaScript without types, built by `npm run build`
await import("../../build/server/main.js");
