import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

/*
 * The direction of imports (docs/architecture.md): routes → web → domains → platform. Across
 * folders the code imports through `~/…`; a relative import may not climb out of its own folder,
 * so these rules see every crossing.
 */
const DOMAINS = ["accounts", "organisations", "plots", "releases", "clarifications", "proposals", "receipts", "evaluation", "results", "developments", "portfolio", "open-data"];
const notInto = (folders, why) => ({ regex: `^~/(${folders.join("|")})/`, message: why });
const noClimbing = (levels) => ({
  regex: `^(\\.\\./){${levels}}`,
  message: "Import across folders through ~/…, so the layer rules can see the crossing.",
});
const layer = (files, patterns, rules = {}) => ({
  files,
  rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns }], ...rules },
});
const domainFolders = `{${DOMAINS.join(",")}}`;

const layers = [
  // Platform: what every domain uses; it knows no domain, no page and nothing of the requests' routing.
  layer(["app/platform/*.{ts,tsx}"], [notInto([...DOMAINS, "web", "routes", "runtime"], "app/platform imports no domain, route or route helper."), noClimbing(1)]),
  layer(["app/platform/*/*.{ts,tsx}"], [notInto([...DOMAINS, "web", "routes", "runtime"], "app/platform imports no domain, route or route helper."), noClimbing(2)]),
  // Domains: rules and data; they return results or throw DomainError, and never reach up to pages.
  layer([`app/${domainFolders}/*.ts`], [
    notInto(["web", "routes", "runtime"], "A domain module imports no route or route helper: it returns results or throws DomainError."),
    { regex: "\\.tsx$", message: "A domain module imports no component." },
    noClimbing(1),
  ], {
    // Domain modules return results or throw DomainError; routes (and app/web) answer HTTP.
    "no-restricted-globals": ["error", { name: "Response", message: "A domain module builds no response: return a result or throw DomainError." }],
  }),
  layer([`app/${domainFolders}/*.tsx`, `app/${domainFolders}/components/*.{ts,tsx}`], [
    notInto(["web", "routes", "runtime"], "A domain component imports no route or route helper."),
    { regex: "\\.server\\.ts$", allowTypeImports: true, message: "A component runs in the browser too: it imports no server module (types only)." },
    noClimbing(2),
  ]),
  // Route helpers serve the routes; no domain or platform module may depend on them (above).
  layer(["app/web/*.{ts,tsx}"], [notInto(["routes", "runtime"], "app/web imports no route."), noClimbing(1)]),
  // The server takes the app's services from the build (app/runtime): it imports the app only for types.
  {
    files: ["server/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        // The configuration is the exception: read before the app loads (server/main.ts), a pure function of the environment.
        { patterns: [{ regex: "^\\.\\./app/(?!platform/config\\.server\\.ts$)", allowTypeImports: true, message: "server/ takes the app from the build's runtime export; import app modules only as types." }] },
      ],
    },
  },
];


export default tseslint.config(
  { ignores: ["build/", "app/platform/database/generated/", "node_modules/", "data/", "test-results/", "playwright-report/", "artifacts/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js}"],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  ...layers,
);
