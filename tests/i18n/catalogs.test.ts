import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FocusSector, MemberRole, Origin, OutboxState, PermittedUse, PlotState, ReleaseState, StaffRole } from "~/platform/database/generated/prisma/enums.ts";
import { languages, resources } from "~/platform/i18n/i18n.ts";

const appDir = path.resolve(import.meta.dirname, "../../app");

type Catalog = { [key: string]: string | Catalog };

function keys(catalog: Catalog, prefix = ""): string[] {
  return Object.entries(catalog).flatMap(([key, value]) =>
    typeof value === "string" ? [prefix + key] : keys(value, `${prefix}${key}.`),
  );
}

/** i18next plural forms (key_one, key_other) answer for the bare key. */
const baseKey = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, "");

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name) && !e.parentPath.includes("generated"))
    .map((e) => path.join(e.parentPath, e.name));
}

describe("translation catalogs", () => {
  const english = new Set(keys(resources.en.common as unknown as Catalog));

  it.each(languages.filter((l) => l !== "en"))("%s has exactly the keys of English", (language) => {
    const other = new Set(keys(resources[language].common as unknown as Catalog));
    expect([...english].filter((k) => !other.has(k)), "missing").toEqual([]);
    expect([...other].filter((k) => !english.has(k)), "extra").toEqual([]);
  });

  it.each(languages.filter((l) => l !== "en"))("%s has the shape of English: lists where English has lists", (language) => {
    // An email's paragraphs are read as a list (returnObjects): an object in its place breaks the email.
    const shape = (node: unknown): unknown =>
      Array.isArray(node) ? node.map(shape) : typeof node === "object" && node ? Object.fromEntries(Object.entries(node).map(([k, v]) => [k, shape(v)])) : typeof node;
    expect(shape(resources[language].common)).toEqual(shape(resources.en.common));
  });

  it("covers the three languages of the portal", () => {
    expect([...languages]).toEqual(["en", "zh-Hant", "zh-Hans"]);
  });

  it("has no empty translation", () => {
    for (const language of languages) {
      const catalog = resources[language].common as unknown as Catalog;
      const empty = keys(catalog).filter((k) => {
        const value = k.split(".").reduce<Catalog | string>((node, part) => (node as Catalog)[part]!, catalog);
        return typeof value !== "string" || value.trim() === "";
      });
      expect(empty, language).toEqual([]);
    }
  });

  it("has every key the code asks for", async () => {
    const known = new Set([...english].map(baseKey));
    const missing: string[] = [];
    for (const file of await sourceFiles(appDir)) {
      const source = await readFile(file, "utf8");
      // t("…"), page titles, domain errors, and the message keys of form errors and schemas.
      const uses = /\b(?:t\(|pageTitle\(\w+,|DomainError\()\s*"([^"]+)"|"((?:\w+\.)?errors\.\w+|reset\.invalid)"/g;
      for (const match of source.matchAll(uses)) {
        const key = match[1] ?? match[2]!;
        if (!known.has(key)) missing.push(`${path.relative(appDir, file)}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("names every state and permitted use of the schema", () => {
    const needed = [
      ...Object.values(PlotState).map((v) => `plotState.${v}`),
      ...Object.values(ReleaseState).map((v) => `releaseState.${v}`),
      ...Object.values(PermittedUse).map((v) => `use.${v}`),
      ...Object.values(FocusSector).map((v) => `sector.${v}`),
      ...Object.values(Origin).map((v) => `origin.${v}`),
      ...[...Object.values(MemberRole), ...Object.values(StaffRole)].map((v) => `roles.${v}`),
      ...Object.values(OutboxState).map((v) => `admin.emailState.${v}`),
      ...languages.map((l) => `language.${l}`),
    ];
    expect(needed.filter((k) => !english.has(k))).toEqual([]);
  });
});
