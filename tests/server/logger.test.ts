import { expect, it } from "vitest";
import { requestIdFrom } from "~/logger.server.ts";

it("keeps a well-formed request id from the proxy and replaces anything else", () => {
  const fresh = () => "generated-id";
  expect(requestIdFrom("abc12345-def", fresh)).toBe("abc12345-def");
  expect(requestIdFrom(undefined, fresh)).toBe("generated-id");
  expect(requestIdFrom("short", fresh)).toBe("generated-id");
  expect(requestIdFrom("evil\nlog line injected", fresh)).toBe("generated-id");
  expect(requestIdFrom("x".repeat(65), fresh)).toBe("generated-id");
});
