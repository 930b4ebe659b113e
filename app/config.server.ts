import { z } from "zod";
import { DEFAULT_DATABASE_URL, resolveDatabase } from "./db/database-url";

// The only module that reads process.env. Every variable is documented in .env.example.

const DEMO_ENCRYPTION_KEY = "ZGVtby1vbmx5LWtleS1kby1ub3QtdXNlLWluLXByb2Q="; // "demo-only-key-do-not-use-in-prod", base64

const booleanFlag = z
  .enum(["1", "0", "true", "false", "yes", "no"])
  .transform((v) => v === "1" || v === "true" || v === "yes");

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    SHOPIFY_API_KEY: z.string().min(1).optional(),
    SHOPIFY_API_SECRET: z.string().min(1).optional(),
    SHOPIFY_APP_URL: z.url({ protocol: /^https?$/ }).optional(),
    SCOPES: z.string().default("read_customers,write_customers,read_orders,write_orders,read_products,read_inventory"),
    DATABASE_URL: z
      .string()
      .default(DEFAULT_DATABASE_URL)
      .superRefine((value, ctx) => {
        try {
          resolveDatabase(value);
        } catch (error) {
          ctx.addIssue({ code: "custom", message: (error as Error).message });
        }
      }),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).default("redis://127.0.0.1:6379"),
    APP_ENCRYPTION_KEY: z
      .string()
      .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 random bytes in base64 (openssl rand -base64 32)")
      .optional(),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    CRM_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().max(1000).default(10),
    CRM_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
    ALLOW_PRIVATE_CRM_URLS: booleanFlag.optional(),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
    SHOPIFY_SIM_URL: z.url().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== "production") return;
    for (const key of ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL", "APP_ENCRYPTION_KEY"] as const) {
      if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: "is required in production" });
    }
    if (env.SHOPIFY_SIM_URL) {
      ctx.addIssue({ code: "custom", path: ["SHOPIFY_SIM_URL"], message: "routes Shopify calls to a simulator; never set it in production" });
    }
  });

export interface AppConfig {
  readonly env: "development" | "test" | "production";
  readonly shopify: { readonly apiKey: string; readonly apiSecret: string; readonly appUrl: string; readonly scopes: readonly string[] };
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** 32-byte key for secrets at rest. */
  readonly encryptionKey: Buffer;
  /** True when the demo key is in use (development only). */
  readonly usesDemoEncryptionKey: boolean;
  readonly port: number;
  readonly logLevel: string;
  readonly crm: { readonly rateLimitPerSecond: number; readonly requestTimeoutMs: number; readonly allowPrivateUrls: boolean };
  readonly workerConcurrency: number;
  readonly shopifySimUrl?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The configuration has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example.`);
    this.name = "ConfigError";
  }
}

/** Parses the environment once; throws one ConfigError naming every bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"} ${issue.message}`));
  }
  const env = parsed.data;
  const production = env.NODE_ENV === "production";
  return Object.freeze({
    env: env.NODE_ENV,
    shopify: Object.freeze({
      apiKey: env.SHOPIFY_API_KEY ?? "demo-api-key",
      apiSecret: env.SHOPIFY_API_SECRET ?? "demo-api-secret",
      appUrl: env.SHOPIFY_APP_URL ?? `http://127.0.0.1:${env.PORT}`,
      scopes: Object.freeze(env.SCOPES.split(",").map((s) => s.trim()).filter(Boolean)),
    }),
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    encryptionKey: Buffer.from(env.APP_ENCRYPTION_KEY ?? DEMO_ENCRYPTION_KEY, "base64"),
    usesDemoEncryptionKey: !env.APP_ENCRYPTION_KEY,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    crm: Object.freeze({
      rateLimitPerSecond: env.CRM_RATE_LIMIT_PER_SECOND,
      requestTimeoutMs: env.CRM_REQUEST_TIMEOUT_MS,
      allowPrivateUrls: env.ALLOW_PRIVATE_CRM_URLS ?? !production,
    }),
    workerConcurrency: env.WORKER_CONCURRENCY,
    shopifySimUrl: env.SHOPIFY_SIM_URL,
  });
}

let cached: AppConfig | undefined;

/** The process's configuration, parsed on first use. */
export function getConfig(): AppConfig {
  cached ??= loadConfig();
  return cached;
}
