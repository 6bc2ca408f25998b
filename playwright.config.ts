import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);

/**
 * Browser tests drive Debian's Chromium (no browser download: see docs/stack.md) against the
 * production build, started as `npm start` would start it, on an embedded database of its own.
 */
export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: [["list"], ["json", { outputFile: "reports/playwright.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: "chromium",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
    locale: "en-GB",
    timezoneId: "Asia/Hong_Kong",
  },
  webServer: {
    command: "node --import tsx tests/e2e/serve.ts",
    // A one-day minimum tender period lets a browser test create a release whose deadline is near.
    // Public page copies live 2 s, as by default; the countdown test relies on it.
    // Sign-ins come from one machine; each names its own client address (X-Forwarded-For, trusted
    // here) so the per-address limit on sign-ins, which tests/accounts checks, does not stop the suite.
    env: { PORT: String(port), MIN_TENDER_PERIOD_DAYS: "1", PUBLIC_PAGE_CACHE_SECONDS: "2", TRUST_PROXY: "1" },
    url: `http://127.0.0.1:${port}/healthz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
  },
});
