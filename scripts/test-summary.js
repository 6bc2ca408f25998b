// Prints one closing line for the whole suite (unit, integration and browser tests together),
// read from the JSON reports that Vitest and Playwright write.
import { readFileSync } from "node:fs";

const vitest = JSON.parse(readFileSync("reports/vitest.json", "utf8"));
const playwright = JSON.parse(readFileSync("reports/playwright.json", "utf8"));
const passed = vitest.numPassedTests + playwright.stats.expected;
const failed = vitest.numFailedTests + playwright.stats.unexpected + playwright.stats.flaky;
const skipped = vitest.numPendingTests + vitest.numTodoTests + playwright.stats.skipped;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
