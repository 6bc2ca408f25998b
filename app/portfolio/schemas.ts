import { z } from "zod";
import { FocusSector, Origin } from "~/platform/database/generated/prisma/enums.ts";
import { leftBlankOr, typedWholeNumber } from "~/platform/typed-numbers.ts";

// The targets form's schema, used by the browser (Conform) and always by the server. Messages are
// catalog keys. A blank field means "no target": the portfolio then shows the figure alone.

/** A whole number as typed, separators allowed ("1,200,000"), up to `most`; blank: none. */
const wholeNumber = (most: number, notAWholeNumber: string) => leftBlankOr(typedWholeNumber({ least: 0, most, notAWholeNumber }));

const percent = () => wholeNumber(100, "portfolio.errors.percent");
const floorArea = () => wholeNumber(100_000_000, "portfolio.errors.floorArea");

const sectorShares = z.object(Object.fromEntries(Object.values(FocusSector).map((s) => [s, percent()])) as Record<FocusSector, ReturnType<typeof percent>>);
const originShares = z.object(Object.fromEntries(Object.values(Origin).map((o) => [o, percent()])) as Record<Origin, ReturnType<typeof percent>>);

const sum = (shares: Record<string, number | undefined>) => Object.values(shares).reduce<number>((total, share) => total + (share ?? 0), 0);

export const parkTargetsSchema = z
  .object({
    grossFloorAreaM2: floorArea(),
    phases: z.array(z.object({ phase: z.string().regex(/^[A-Z0-9]{2,8}$/), grossFloorAreaM2: floorArea() })).max(50).default([]),
    sectorShares: sectorShares.default({}),
    originShares: originShares.default({}),
    occupancyPercent: percent(),
    researchPosts: wholeNumber(10_000_000, "portfolio.errors.count"),
    investmentHkd: wholeNumber(10_000_000_000_000, "portfolio.errors.amount"),
  })
  .superRefine((targets, context) => {
    // Shares of one whole cannot add up to more than all of it.
    if (sum(targets.sectorShares) > 100) context.addIssue({ code: "custom", path: ["sectorShares"], message: "portfolio.errors.sharesOver", params: { total: sum(targets.sectorShares) } });
    if (sum(targets.originShares) > 100) context.addIssue({ code: "custom", path: ["originShares"], message: "portfolio.errors.sharesOver", params: { total: sum(targets.originShares) } });
  });

export type ParkTargets = z.infer<typeof parkTargetsSchema>;
