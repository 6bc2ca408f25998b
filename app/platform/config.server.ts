import { z } from "zod";

/**
 * Every setting the portal reads from its environment. Without DATABASE_URL the portal runs an
 * embedded PostgreSQL (PGlite) whose files live under EMBEDDED_DB_DIR.
 */
const configSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // Checked by shape only: socket URLs (postgresql://user@/db?host=/run/postgresql) are not WHATWG URLs.
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, { error: "must be a postgresql:// URL" })
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  EMBEDDED_DB_DIR: z.string().min(1).default("./data/pglite"),
  /** The address people reach the portal at: links in emails, the origin check, Secure cookies and HSTS (https). */
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
  /** SMTP server for email, e.g. smtp://user:pass@mail.example:587. Unset: emails are written to files. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, { error: "must be an smtp:// or smtps:// URL" })
    .optional(),
  MAIL_FROM: z.string().min(3).default("HSITP Plot Tender Portal <no-reply@portal.hsitp.example>"),
  /** The park authority's tender team, shown on the contact page. */
  CONTACT_EMAIL: z.email({ error: "must be an email address" }).default("tenders@portal.hsitp.example"),
  /** Where emails go as .eml files when SMTP_URL is unset. */
  OUTBOX_DIR: z.string().min(1).default("./data/outbox"),
  /** Proxies in front of the portal whose X-Forwarded-For/-Proto to believe (0: none). */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** S3 (or compatible) bucket for documents. Unset: files on disk under STORAGE_DIR. */
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ENDPOINT: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
  S3_FORCE_PATH_STYLE: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  STORAGE_DIR: z.string().min(1).default("./data/files"),
  /** Signs download links of the disk driver. Unset: a random one kept in STORAGE_DIR. */
  FILE_LINK_SECRET: z.string().min(32, { error: "must have at least 32 characters" }).optional(),
  /**
   * The portal's Ed25519 key for signing receipts (PKCS#8 PEM). Several instances must share it.
   * Unset: a key is made once and kept in RECEIPT_KEY_FILE.
   */
  RECEIPT_SIGNING_KEY: z
    .string()
    .transform((pem) => pem.replace(/\\n/g, "\n"))
    .refine((pem) => pem.includes("-----BEGIN PRIVATE KEY-----"), { error: "must be a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)" })
    .optional(),
  RECEIPT_KEY_FILE: z.string().min(1).default("./data/receipt-signing-key.pem"),
  /** The OCDS prefix of this publisher's contracting process ids (ocds- and six characters). */
  OCDS_OCID_PREFIX: z.string().regex(/^ocds-[a-z0-9]{6}$/, { error: "must be ocds- followed by six lowercase letters or digits" }).default("ocds-hsitp1"),
  /** The shortest time between a release's publication and its submission deadline. */
  MIN_TENDER_PERIOD_DAYS: z.coerce.number().int().min(1).max(365).default(21),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(30),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /**
   * How long before a visitor who is not signed in asked (seconds) the shared copy of a public page
   * they get may have been rendered (server/public-page-cache.ts). 0: every page is rendered for its request.
   */
  PUBLIC_PAGE_CACHE_SECONDS: z.coerce.number().min(0).max(60).default(2),
  /**
   * Serves `/bench/baseline`, the benchmarks' reference page (a paragraph, no database, no session).
   * Off (404, like any unknown address) unless a benchmark starts the portal: nobody should find it.
   */
  BENCHMARK_BASELINE_PAGE: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SEED_DEMO_DATA: z.enum(["true", "false"]).default("true").transform((v) => v === "true"),
});

export type Config = z.infer<typeof configSchema> & { PUBLIC_URL: string };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }
}

/** Empty strings count as unset, as they do in most .env tooling. */
function withoutEmpty(env: Record<string, string | undefined>) {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(withoutEmpty(env));
  if (result.success) {
    const { PUBLIC_URL, PORT } = result.data;
    return { ...result.data, PUBLIC_URL: (PUBLIC_URL ?? `http://localhost:${PORT}`).replace(/\/+$/, "") };
  }
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = issue.path.join(".");
      const given = env[name];
      const secret = ["DATABASE_URL", "SMTP_URL", "S3_SECRET_ACCESS_KEY", "FILE_LINK_SECRET", "RECEIPT_SIGNING_KEY"].includes(name);
      const shown = secret || given === undefined ? "" : ` (got "${given}")`;
      return `Configuration error: ${name} ${issue.message}${shown}. See .env.example.`;
    }),
  );
}

let cached: Config | undefined;

export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
