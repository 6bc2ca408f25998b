import type { PermittedUse } from "../app/generated/prisma/enums.ts";

/**
 * The demo park, modelled on the Hong Kong-Shenzhen Innovation and Technology Park in the
 * Lok Ma Chau Loop: about 87 ha between two river bends, built in two phases from west to east.
 * Plots are laid out in metres on a local grid and converted to WGS 84 for their GeoJSON polygons.
 */
const ORIGIN = { lon: 114.0772, lat: 22.5108 };
const METRES_PER_DEGREE_LAT = 110_574;
const METRES_PER_DEGREE_LON = 111_320 * Math.cos((ORIGIN.lat * Math.PI) / 180);

const COLUMN_WIDTHS = [180, 170, 200, 170];
const ROW_DEPTHS = [120, 110, 130, 120];
const ROAD_EW = 20;
const ROAD_NS = 15;
const PHASE_WIDTH = 780;
const PHASE_GAP = 40;

/** The river loop bends the whole site: northern and southern edges follow a gentle arc. */
const bend = (x: number) => 40 * Math.sin((Math.PI * x) / (2 * PHASE_WIDTH + PHASE_GAP));

/** Small, repeatable irregularities so the plots do not look ruled; always less than half a road. */
const jitter = (seed: number) => ((Math.sin(seed * 12.9898) * 43_758.5453) % 1) * 6;

function toLonLat([x, y]: [number, number]): [number, number] {
  return [
    Number((ORIGIN.lon + x / METRES_PER_DEGREE_LON).toFixed(7)),
    Number((ORIGIN.lat + y / METRES_PER_DEGREE_LAT).toFixed(7)),
  ];
}

function shoelaceArea(ring: [number, number][]): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[i + 1]!;
    sum += x1 * y2 - x2 * y1;
  }
  return Math.abs(sum) / 2;
}

const USE_MIXES: PermittedUse[][] = [
  ["wet_lab_rnd", "dry_lab_rnd"],
  ["dry_lab_rnd", "commercial_support"],
  ["wet_lab_rnd", "pilot_production"],
  ["talent_accommodation", "commercial_support"],
  ["dry_lab_rnd"],
  ["pilot_production", "dry_lab_rnd"],
];
const PLOT_RATIOS = [4.2, 4.8, 3.6, 3.2, 5.0, 3.9];

export interface DemoPlot {
  code: string;
  phaseCode: string;
  siteAreaM2: number;
  maxGfaM2: number;
  permittedUses: PermittedUse[];
  polygon: { type: "Polygon"; coordinates: [number, number][][] };
}

export const demoPhases = [
  { code: "P1W", ordinal: 1, nameEn: "Phase 1 West", nameZhHant: "第一期（西）" },
  { code: "P2E", ordinal: 2, nameEn: "Phase 2 East", nameZhHant: "第二期（東）" },
] as const;

export function demoPlots(): DemoPlot[] {
  const plots: DemoPlot[] = [];
  demoPhases.forEach((phase, phaseIndex) => {
    const phaseX = phaseIndex * (PHASE_WIDTH + PHASE_GAP);
    const prefix = phase.code === "P1W" ? "1W" : "2E";
    let number = 0;
    let x = phaseX;
    COLUMN_WIDTHS.forEach((width, column) => {
      let y = 0;
      ROW_DEPTHS.forEach((depth, row) => {
        number += 1;
        const seed = phaseIndex * 100 + column * 10 + row;
        const corners = (
          [
            [x + jitter(seed), y + jitter(seed + 1)],
            [x + width - jitter(seed + 2), y + jitter(seed + 3)],
            [x + width - jitter(seed + 4), y + depth - jitter(seed + 5)],
            [x + jitter(seed + 6), y + depth - jitter(seed + 7)],
          ] as [number, number][]
        ).map(([px, py]): [number, number] => [px, py + bend(px)]);
        const ring = [...corners, corners[0]!];
        const siteAreaM2 = Math.round(shoelaceArea(ring));
        // Every mix of uses in every phase, spread over the grid.
        const mix = (column + 2 * row + phaseIndex) % USE_MIXES.length;
        plots.push({
          code: `${prefix}-${String(number).padStart(2, "0")}`,
          phaseCode: phase.code,
          siteAreaM2,
          maxGfaM2: Math.round((siteAreaM2 * PLOT_RATIOS[mix]!) / 10) * 10,
          permittedUses: USE_MIXES[mix]!,
          polygon: { type: "Polygon", coordinates: [ring.map(toLonLat)] },
        });
        y += depth + ROAD_NS;
      });
      x += width + ROAD_EW;
    });
  });
  return plots;
}

const DAY = 86_400_000;

/** Midday in Hong Kong (04:00 UTC), `days` from `now`. Deadlines fall on round hours. */
function hongKongNoon(now: Date, days: number): Date {
  const date = new Date(now.getTime() + days * DAY);
  date.setUTCHours(4, 0, 0, 0);
  return date;
}

export function demoReleases(now: Date) {
  const phase1 = demoPlots().filter((p) => p.phaseCode === "P1W").map((p) => p.code);
  const phase2 = demoPlots().filter((p) => p.phaseCode === "P2E").map((p) => p.code);
  return [
    {
      code: "HSITP-2026-01",
      titleEn: "Phase 1 West: first batch of six plots",
      titleZhHant: "第一期（西）：首批六幅地段",
      phaseCode: "P1W",
      state: "closed" as const,
      publicationAt: hongKongNoon(now, -120),
      clarificationEndsAt: hongKongNoon(now, -95),
      submissionDeadline: hongKongNoon(now, -60),
      openingAt: hongKongNoon(now, -59),
      plotCodes: phase1.slice(0, 6),
    },
    {
      code: "HSITP-2026-02",
      titleEn: "Phase 1 West: second batch of ten plots",
      titleZhHant: "第一期（西）：第二批十幅地段",
      phaseCode: "P1W",
      state: "open" as const,
      publicationAt: hongKongNoon(now, -14),
      clarificationEndsAt: hongKongNoon(now, 14),
      submissionDeadline: hongKongNoon(now, 35),
      openingAt: hongKongNoon(now, 36),
      plotCodes: phase1.slice(6, 16),
    },
    {
      code: "HSITP-2027-01",
      titleEn: "Phase 2 East: first batch (in preparation)",
      titleZhHant: "第二期（東）：首批地段（籌備中）",
      phaseCode: "P2E",
      state: "draft" as const,
      publicationAt: hongKongNoon(now, 60),
      clarificationEndsAt: hongKongNoon(now, 85),
      submissionDeadline: hongKongNoon(now, 110),
      openingAt: hongKongNoon(now, 111),
      plotCodes: phase2.slice(0, 4),
    },
  ];
}

/** One account per role, printed at start-up. Demo passwords: never use this data in production. */
export const demoAccounts = [
  { email: "admin@demo.hsitp.example", name: "Ada Administrator", role: "administrator", staffRole: "administrator", organisationRole: null, password: "demo-admin-pass-2026" },
  { email: "chair@demo.hsitp.example", name: "Chan Tai-man (panel chair)", role: "panel chair", staffRole: "evaluator", organisationRole: null, password: "demo-chair-pass-2026" },
  { email: "evaluator@demo.hsitp.example", name: "Eva Lui (evaluator)", role: "evaluator", staffRole: "evaluator", organisationRole: null, password: "demo-evaluator-pass-2026" },
  { email: "proposer@demo.hsitp.example", name: "Peter Proposer", role: "owner", staffRole: null, organisationRole: "owner", password: "demo-proposer-pass-2026" },
  { email: "submitter@demo.hsitp.example", name: "Sally Submitter", role: "submitter", staffRole: null, organisationRole: "submitter", password: "demo-submitter-pass-2026" },
  { email: "contributor@demo.hsitp.example", name: "Connie Contributor", role: "contributor", staffRole: null, organisationRole: "contributor", password: "demo-contributor-pass-2026" },
  { email: "newcomer@demo.hsitp.example", name: "Nina Newcomer", role: "proposer (no org)", staffRole: null, organisationRole: null, password: "demo-newcomer-pass-2026" },
] as const;

/** The demo proposers' organisation. */
export const demoOrganisation = {
  name: "Harbour BioLabs Limited",
  registrationNumber: "HK-CR-3125467",
  origin: "hong_kong",
  focusSectors: ["life_health_technology", "ai_data_science"],
} as const;

export { standardCriteria as demoCriteria, standardRequiredDocuments as demoRequiredDocuments } from "../app/release-defaults.ts";

export const demoEligibility = {
  eligibilityEn: "Companies incorporated or registered in Hong Kong, or overseas and Mainland companies with a registered place of business in Hong Kong, with a focus on innovation and technology.",
  eligibilityZhHant: "在香港註冊成立或註冊的公司，或在香港設有註冊營業地點的海外及內地公司，並以創新科技為重點業務。",
};
