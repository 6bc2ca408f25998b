import os from "node:os";
import path from "node:path";
import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["tests/**/*.test.{ts,tsx}"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    globalSetup: ["tests/support/global-database.ts"],
    // Files the code under test writes go to the system's temporary folder, not into ./data.
    env: {
      STORAGE_DIR: path.join(os.tmpdir(), `portal-test-files-${process.pid}`),
      OUTBOX_DIR: path.join(os.tmpdir(), `portal-test-outbox-${process.pid}`),
      RECEIPT_KEY_FILE: path.join(os.tmpdir(), `portal-test-receipt-key-${process.pid}.pem`),
    },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: two workers keep the embedded databases (about 0.8 GB each) within reason.
    maxWorkers: 2,
    reporters: ["default", "json"],
    outputFile: { json: "reports/vitest.json" },
  },
});
