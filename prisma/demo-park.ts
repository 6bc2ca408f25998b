import type { FocusSector, Origin, PermittedUse } from "../app/platform/database/generated/prisma/enums.ts";

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

/** How long ago the first batch's deadline passed: its awards became final about five weeks later. */
export const CONCLUDED_DEADLINE_DAYS_AGO = 420;

export function demoReleases(now: Date) {
  const phase1 = demoPlots().filter((p) => p.phaseCode === "P1W").map((p) => p.code);
  const phase2 = demoPlots().filter((p) => p.phaseCode === "P2E").map((p) => p.code);
  return [
    {
      // Concluded more than a year ago, so that its awards have a year of progress reports behind them.
      code: "HSITP-2026-01",
      titleEn: "Phase 1 West: first batch of six plots",
      titleZhHant: "第一期（西）：首批六幅地段",
      phaseCode: "P1W",
      state: "closed" as const,
      publicationAt: hongKongNoon(now, -CONCLUDED_DEADLINE_DAYS_AGO - 60),
      clarificationEndsAt: hongKongNoon(now, -CONCLUDED_DEADLINE_DAYS_AGO - 35),
      submissionDeadline: hongKongNoon(now, -CONCLUDED_DEADLINE_DAYS_AGO),
      openingAt: hongKongNoon(now, -CONCLUDED_DEADLINE_DAYS_AGO + 1),
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
    {
      // The two plots of the first batch that were not awarded, offered again: the deadline has
      // passed and the panel is formed, but nothing is opened yet (for evaluators to try).
      code: "HSITP-2026-03",
      titleEn: "Phase 1 West: two plots offered again",
      titleZhHant: "第一期（西）：重新推出兩幅地段",
      phaseCode: "P1W",
      state: "closed" as const,
      publicationAt: hongKongNoon(now, -28),
      clarificationEndsAt: hongKongNoon(now, -16),
      submissionDeadline: hongKongNoon(now, -2),
      openingAt: hongKongNoon(now, -1),
      plotCodes: ["1W-04", "1W-06"],
    },
  ];
}

/** One account per role, printed at start-up. Demo passwords: never use this data in production. */
export const demoAccounts = [
  { email: "admin@demo.hsitp.example", name: "Ada Lam", role: "administrator", staffRole: "administrator", organisationRole: null, password: "demo-admin-pass-2026" },
  { email: "chair@demo.hsitp.example", name: "Chan Tai-man", role: "panel chair", staffRole: "evaluator", organisationRole: null, password: "demo-chair-pass-2026" },
  { email: "evaluator@demo.hsitp.example", name: "Eva Lui", role: "evaluator", staffRole: "evaluator", organisationRole: null, password: "demo-evaluator-pass-2026" },
  { email: "evaluator2@demo.hsitp.example", name: "Wong Ka-yan", role: "evaluator", staffRole: "evaluator", organisationRole: null, password: "demo-evaluator2-pass-2026" },
  { email: "evaluator3@demo.hsitp.example", name: "Priya Raman", role: "evaluator", staffRole: "evaluator", organisationRole: null, password: "demo-evaluator3-pass-2026" },
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

export { standardCriteria as demoCriteria, standardRequiredDocuments as demoRequiredDocuments } from "../app/releases/defaults.ts";

export const demoEligibility = {
  eligibilityEn: "Companies incorporated or registered in Hong Kong, or overseas and Mainland companies with a registered place of business in Hong Kong, with a focus on innovation and technology.",
  eligibilityZhHant: "在香港註冊成立或註冊的公司，或在香港設有註冊營業地點的海外及內地公司，並以創新科技為重點業務。",
};

// ——— Bidders and their proposals ———

/** Every bidder's owner signs in with this password (demo data only). */
export const demoBidderPassword = "demo-bidder-pass-2026";

export interface DemoBidder {
  key: string;
  name: string;
  registrationNumber: string;
  origin: Origin;
  focusSectors: FocusSector[];
  owner: { email: string; name: string };
  /** What the firm would build and run: the technical envelope's texts. */
  scheme: string;
  programme: string;
  trackRecord: string;
  jobsTalentPlan: string;
}

const bidder = (key: string, name: string, registrationNumber: string, origin: Origin, focusSectors: FocusSector[], ownerName: string, scheme: string, programme: string, trackRecord: string, jobsTalentPlan: string): DemoBidder => ({
  key,
  name,
  registrationNumber,
  origin,
  focusSectors,
  owner: { email: `owner.${key}@demo.hsitp.example`, name: ownerName },
  scheme,
  programme,
  trackRecord,
  jobsTalentPlan,
});

/** Firms from Hong Kong, the Mainland and overseas that bid in the demo releases, each with an owner. */
export const demoBidders: DemoBidder[] = [
  bidder("lionrock", "Lion Rock Robotics Limited", "HK-CR-2847193", "hong_kong", ["ai_data_science", "advanced_manufacturing"], "Cheung Wing-kei",
    "A 12-storey robotics R&D centre with a two-level pilot line and shared test halls.", "Service robots for elderly care and hospital logistics, with two university labs.", "Eleven years of robotics R&D in Science Park; 40 granted patents.", "180 research jobs in three years; 30 PhD placements a year."),
  bidder("kowloonquantum", "Kowloon Quantum Data Limited", "HK-CR-3012584", "hong_kong", ["ai_data_science", "fintech"], "Lam Hoi-ching",
    "A dry-lab tower for AI model training with a liquid-cooled computing floor.", "Privacy-preserving AI for cross-boundary finance and health data.", "Founded 2019; runs data platforms for two note-issuing banks.", "120 data scientists; a graduate scheme with three local universities."),
  bidder("greaterbaycloud", "Greater Bay Cloud Computing Co., Ltd.", "91440101MA9UQ4R63T", "mainland", ["ai_data_science"], "Zhou Jianhua",
    "A data centre with a small office block and a visitor centre.", "Cloud hosting for Greater Bay Area start-ups.", "Operates four data centres in Guangzhou.", "60 operations staff, mostly transferred from Guangzhou."),
  bidder("nordlicht", "Nordlicht Biotech GmbH", "DE-HRB-204518", "overseas", ["life_health_technology"], "Katrin Vogel",
    "Wet laboratories over four floors with a GMP cell-therapy suite and a start-up incubator floor.", "Cell and gene therapies for Asian patient groups, with clinical partners in Shenzhen.", "Spun out of a Munich university in 2008; two approved therapies in Europe.", "150 scientists, half hired locally; a postdoctoral fellowship with HKU."),
  bidder("meridian", "Meridian Genomics Pte. Ltd.", "SG-UEN-201934567K", "overseas", ["life_health_technology", "ai_data_science"], "Daniel Tan",
    "A genomics laboratory with sequencing halls and a bioinformatics floor.", "Population genomics and AI-assisted diagnostics for the region.", "Sequencing services in Singapore and Bangkok since 2019.", "90 jobs; bioinformatics training with two local universities."),
  bidder("pearldelta", "Pearl Delta Semiconductor Co., Ltd.", "91440300MA5G8K2X1Q", "mainland", ["microelectronics"], "Li Wei",
    "A chip design centre with a clean-room packaging and test line.", "Power semiconductors for electric vehicles, designed here and packaged on site.", "Designs chips shipped in three million vehicles a year.", "200 engineers; a joint microelectronics master's programme."),
  bidder("taipo", "Tai Po Advanced Materials Limited", "HK-CR-2976340", "hong_kong", ["advanced_manufacturing", "microelectronics"], "Ho Siu-ming",
    "A materials laboratory with a pilot coating plant and warehousing.", "Thin-film coatings for displays and solar cells.", "A family firm in Tai Po industrial estate since 1996.", "45 technicians; apprenticeships with the VTC."),
  bidder("greenvolt", "Shenzhen Greenvolt Energy Technology Co., Ltd.", "91440300MA5H3L7P2C", "mainland", ["new_energy"], "Chen Xiaoling",
    "A battery testing centre with outdoor storage yards.", "Solid-state battery cells and second-life storage.", "Founded 2016; supplies storage systems to three utilities.", "70 engineers and test staff."),
  bidder("sakura", "Sakura Precision Medical K.K.", "JP-0104-01-187263", "overseas", ["life_health_technology", "advanced_manufacturing"], "Sato Haruka",
    "Dry-lab design studios over a pilot line for surgical robotics and imaging devices.", "Minimally invasive surgical instruments for Asian hospitals.", "Listed in Tokyo; devices in use in 600 hospitals.", "110 engineers; clinical engineering placements with two hospital clusters."),
];

export interface DemoProposal {
  plot: string;
  bidder: string;
  /** How good the technical envelope is, out of 10: the evaluators' scores vary around it. */
  quality: number;
  landPremiumHkd: bigint;
  investmentCommitmentHkd: bigint;
  /** The countable promises of the technical envelope: research posts and graduate places created. */
  researchPosts: number;
  graduatePlaces: number;
  /**
   * The programme: days after the submission deadline by which design approval, construction start,
   * topping out, completion and opening are promised.
   */
  programmeDays: [designApproval: number, constructionStart: number, toppingOut: number, completion: number, opening: number];
}

/** A programme of about three years from the deadline: what most bidders offer. */
const STANDARD_PROGRAMME: DemoProposal["programmeDays"] = [150, 300, 640, 1_000, 1_090];

/** HSITP-2026-01: evaluated and concluded, with its results published. */
export const demoConcludedProposals: DemoProposal[] = [
  { plot: "1W-01", bidder: "lionrock", quality: 8, landPremiumHkd: 1_180_000_000n, investmentCommitmentHkd: 2_400_000_000n, researchPosts: 180, graduatePlaces: 90, programmeDays: [100, 250, 560, 800, 860] },
  { plot: "1W-01", bidder: "kowloonquantum", quality: 7, landPremiumHkd: 1_420_000_000n, investmentCommitmentHkd: 2_100_000_000n, researchPosts: 120, graduatePlaces: 60, programmeDays: STANDARD_PROGRAMME },
  { plot: "1W-01", bidder: "greaterbaycloud", quality: 5, landPremiumHkd: 1_650_000_000n, investmentCommitmentHkd: 900_000_000n, researchPosts: 20, graduatePlaces: 10, programmeDays: STANDARD_PROGRAMME },
  { plot: "1W-02", bidder: "nordlicht", quality: 8, landPremiumHkd: 960_000_000n, investmentCommitmentHkd: 3_200_000_000n, researchPosts: 150, graduatePlaces: 40, programmeDays: [150, 280, 620, 960, 1_050] },
  { plot: "1W-02", bidder: "meridian", quality: 7, landPremiumHkd: 1_010_000_000n, investmentCommitmentHkd: 1_800_000_000n, researchPosts: 90, graduatePlaces: 45, programmeDays: STANDARD_PROGRAMME },
  { plot: "1W-03", bidder: "pearldelta", quality: 7, landPremiumHkd: 1_250_000_000n, investmentCommitmentHkd: 4_500_000_000n, researchPosts: 200, graduatePlaces: 80, programmeDays: [120, 330, 700, 1_080, 1_140] },
  { plot: "1W-04", bidder: "taipo", quality: 5, landPremiumHkd: 520_000_000n, investmentCommitmentHkd: 600_000_000n, researchPosts: 30, graduatePlaces: 15, programmeDays: STANDARD_PROGRAMME },
  { plot: "1W-04", bidder: "greenvolt", quality: 4, landPremiumHkd: 610_000_000n, investmentCommitmentHkd: 750_000_000n, researchPosts: 50, graduatePlaces: 20, programmeDays: STANDARD_PROGRAMME },
  { plot: "1W-05", bidder: "sakura", quality: 7, landPremiumHkd: 880_000_000n, investmentCommitmentHkd: 1_600_000_000n, researchPosts: 110, graduatePlaces: 50, programmeDays: [60, 100, 230, 380, 450] },
];

/** HSITP-2026-03: received, deadline passed, panel formed, not opened. */
export const demoAwaitingProposals: DemoProposal[] = [
  { plot: "1W-04", bidder: "taipo", quality: 6, landPremiumHkd: 560_000_000n, investmentCommitmentHkd: 700_000_000n, researchPosts: 60, graduatePlaces: 25, programmeDays: STANDARD_PROGRAMME },
  { plot: "1W-04", bidder: "greenvolt", quality: 6, landPremiumHkd: 640_000_000n, investmentCommitmentHkd: 820_000_000n, researchPosts: 60, graduatePlaces: 25, programmeDays: STANDARD_PROGRAMME },
  { plot: "1W-04", bidder: "kowloonquantum", quality: 6, landPremiumHkd: 600_000_000n, investmentCommitmentHkd: 1_100_000_000n, researchPosts: 60, graduatePlaces: 25, programmeDays: STANDARD_PROGRAMME },
  { plot: "1W-06", bidder: "greaterbaycloud", quality: 6, landPremiumHkd: 700_000_000n, investmentCommitmentHkd: 950_000_000n, researchPosts: 60, graduatePlaces: 25, programmeDays: STANDARD_PROGRAMME },
  { plot: "1W-06", bidder: "meridian", quality: 6, landPremiumHkd: 680_000_000n, investmentCommitmentHkd: 1_300_000_000n, researchPosts: 60, graduatePlaces: 25, programmeDays: STANDARD_PROGRAMME },
  { plot: "1W-06", bidder: "pearldelta", quality: 6, landPremiumHkd: 720_000_000n, investmentCommitmentHkd: 2_000_000_000n, researchPosts: 60, graduatePlaces: 25, programmeDays: STANDARD_PROGRAMME },
];

/** The evaluators' comments, per technical criterion (in order), for a high, middling and low score. */
export const demoComments: [high: string, middle: string, low: string][] = [
  ["A clear, well-massed scheme that uses the plot's full gross floor area.", "A workable scheme; the phasing is vague.", "The scheme leaves much of the plot unused and the layout is unclear."],
  ["A strong research programme with named university partners.", "A credible programme, though partners are not yet committed.", "Little research: mostly operations that could be anywhere."],
  ["An excellent record of comparable projects, delivered on time.", "A reasonable record, mostly outside Hong Kong.", "A thin record for a project of this size."],
  ["A detailed talent plan with local hiring targets.", "Jobs are counted but the training plan is general.", "Few local jobs and no training plan."],
];
