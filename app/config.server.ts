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
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SEED_DEMO_DATA: z.enum(["true", "false"]).default("true").transform((v) => v === "true"),
});

export type Config = z.infer<typeof configSchema>;

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
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = issue.path.join(".");
      const given = env[name];
      const shown = name === "DATABASE_URL" || given === undefined ? "" : ` (got "${given}")`;
      return `Configuration error: ${name} ${issue.message}${shown}. See .env.example.`;
    }),
  );
}

let cached: Config | undefined;

export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
