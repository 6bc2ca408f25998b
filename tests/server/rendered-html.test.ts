import { PassThrough, Readable, type Transform } from "node:stream";
import { createElement } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { renderedHtml } from "~/web/rendered-html.server.ts";

/** React's streamed bytes for a list of `items`, through `body`. */
function rendered(items: string[], body: PassThrough | Transform, chunks: Buffer[] = []): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    body.on("data", (chunk: Buffer) => chunks.push(chunk));
    body.on("end", () => resolve(Buffer.concat(chunks)));
    const list = createElement("ul", null, ...items.map((item, i) => createElement("li", { key: i }, item)));
    const { pipe } = renderToPipeableStream(list, {
      onAllReady: () => pipe(body),
      onError: reject,
    });
  });
}

describe("React 18's streamed HTML", () => {
  // Short texts with "平方米" (3 bytes a character), shifted by one byte at a time, so that in one
  // of the lists a character meets the end of React's 2 KiB view.
  const lists = Array.from({ length: 3 }, (_, shift) => Array.from({ length: 200 }, (_, i) => `${"a".repeat(shift)}${(28_337 + i).toLocaleString("en")} 平方米`));

  it("pads a view with zero bytes where a multi-byte character did not fit (the bug the transform is for)", async () => {
    const raw = await Promise.all(lists.map((items) => rendered(items, new PassThrough())));
    expect(raw.some((html) => html.includes(0))).toBe(true);
  });

  it("arrives without them through the portal's transform, every character whole", async () => {
    for (const items of lists) {
      const html = (await rendered(items, renderedHtml())).toString("utf8");
      expect(html).not.toContain("\0");
      expect(html).toBe(`<ul>${items.map((item) => `<li>${item}</li>`).join("")}</ul>`);
    }
  });

  it("passes every other byte through unchanged", async () => {
    const bytes = Buffer.from("<p>unchanged \0 inside a short chunk</p>");
    const out: Buffer[] = [];
    await new Promise((resolve) => Readable.from([bytes]).pipe(renderedHtml()).on("data", (c: Buffer) => out.push(c)).on("end", resolve));
    expect(Buffer.concat(out)).toEqual(bytes);
  });

  it("sends the views React writes in one turn as one chunk, and what it writes later on its own", async () => {
    const items = Array.from({ length: 400 }, (_, i) => `item ${i}`);
    const raw: Buffer[] = [];
    await rendered(items, new PassThrough(), raw);
    expect(raw.length).toBeGreaterThan(2);
    const sent: Buffer[] = [];
    const html = await rendered(items, renderedHtml(), sent);
    expect(sent).toHaveLength(1);
    expect(html.toString("utf8")).toBe(`<ul>${items.map((item) => `<li>${item}</li>`).join("")}</ul>`);

    const body = renderedHtml();
    const later: Buffer[] = [];
    body.on("data", (chunk: Buffer) => later.push(chunk));
    body.write(Buffer.from("<p>shell</p>"));
    body.write(Buffer.from("<p>more of the shell</p>"));
    await new Promise((resolve) => setImmediate(resolve));
    expect(later.map(String)).toEqual(["<p>shell</p><p>more of the shell</p>"]);
    body.end(Buffer.from("<p>deferred part</p>"));
    await new Promise((resolve) => body.on("end", resolve));
    expect(later.map(String)).toEqual(["<p>shell</p><p>more of the shell</p>", "<p>deferred part</p>"]);
  });
});
