import { Writable } from "node:stream";
import { expect, it } from "vitest";
import { createLogger, requestContext, requestIdFrom } from "~/platform/logger.server.ts";

it("keeps a well-formed request id from the proxy and replaces anything else", () => {
  const fresh = () => "generated-id";
  expect(requestIdFrom("abc12345-def", fresh)).toBe("abc12345-def");
  expect(requestIdFrom(undefined, fresh)).toBe("generated-id");
  expect(requestIdFrom("short", fresh)).toBe("generated-id");
  expect(requestIdFrom("evil\nlog line injected", fresh)).toBe("generated-id");
  expect(requestIdFrom("x".repeat(65), fresh)).toBe("generated-id");
});

it("writes JSON lines that carry the request id inside a request, and none outside", async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().trim().split("\n"));
      done();
    },
  });
  const log = createLogger(sink);
  await requestContext.run({ requestId: "req-12345678" }, async () => {
    await Promise.resolve();
    log.info({ plot: "1W-07" }, "inside");
  });
  log.info("outside");
  const [inside, outside] = lines.map((line) => JSON.parse(line));
  expect(inside).toMatchObject({ requestId: "req-12345678", plot: "1W-07", msg: "inside", level: 30 });
  expect(outside).not.toHaveProperty("requestId");
});
