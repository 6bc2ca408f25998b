import { describe, expect, it } from "vitest";
import { spread } from "~/releases/timeline-layout.ts";

describe("the timeline's layout of close milestones", () => {
  it("leaves milestones far apart where they are", () => {
    expect(spread([70, 300, 700, 930], 26, 70, 930)).toEqual([70, 300, 700, 930]);
  });

  it("draws a deadline and an opening an hour apart side by side, not on top of one another", () => {
    const [, , deadline, opening] = spread([70, 500, 929, 930], 26, 70, 930);
    expect(opening! - deadline!).toBeGreaterThanOrEqual(26);
    expect(opening).toBeLessThanOrEqual(930);
  });

  it("keeps each row's two labels apart and inside the picture, at either end", () => {
    expect(spread([70, 95], 220, 110, 890)).toEqual([110, 330]);
    expect(spread([900, 930], 220, 110, 890)).toEqual([670, 890]);
  });
});
