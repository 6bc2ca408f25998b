import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { VALIDATE_ON_SUBMIT } from "~/platform/ui/forms.tsx";

const app = path.resolve(import.meta.dirname, "../../app");

/** Every component file of the app, with its text. */
function components(): { file: string; text: string }[] {
  return (readdirSync(app, { recursive: true, encoding: "utf8" }) as string[])
    .filter((file) => file.endsWith(".tsx") && !file.includes("generated"))
    .map((file) => ({ file, text: readFileSync(path.join(app, file), "utf8") }));
}

/** The options object of each `useForm(…)` call in `text`, up to its closing brace. */
function formOptions(text: string): string[] {
  const options: string[] = [];
  for (const match of text.matchAll(/useForm(?:<[^(]*>)?\(\{/g)) {
    let depth = 1;
    let i = match.index + match[0].length;
    for (; i < text.length && depth > 0; i++) depth += text[i] === "{" ? 1 : text[i] === "}" ? -1 : 0;
    options.push(text.slice(match.index, i));
  }
  return options;
}

describe("when forms check what was typed (GOV.UK: on sending, then on each change)", () => {
  it("checks on submit and again on input, never on leaving a field", () => {
    expect(VALIDATE_ON_SUBMIT).toEqual({ shouldValidate: "onSubmit", shouldRevalidate: "onInput" });
  });

  it("every Conform form of the portal takes those options and sets no other", () => {
    const forms = components().flatMap(({ file, text }) => formOptions(text).map((options) => ({ file, options })));
    // The portal has about fifteen forms: finding none would mean the search is broken.
    expect(forms.length).toBeGreaterThan(10);
    const astray = forms.filter(({ options }) => !options.includes("...VALIDATE_ON_SUBMIT") || /should(Re)?[vV]alidate:/.test(options)).map(({ file }) => file);
    expect(astray).toEqual([]);
  });
});
