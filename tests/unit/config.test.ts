import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../app/config.server";

describe(loadConfig.name, () => {
  it("runs on embedded defaults outside production", () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBe("file:./var/app.sqlite");
    expect(config.redisUrl).toBe("redis://127.0.0.1:6379");
    expect(config.encryptionKey).toHaveLength(32);
    expect(config.usesDemoEncryptionKey).toBe(true);
    expect(config.crm.rateLimitPerSecond).toBe(10);
    expect(config.crm.allowPrivateUrls).toBe(true);
  });

  it("names every missing production variable in one error", () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: "production" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join("\n");
    for (const name of ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL", "APP_ENCRYPTION_KEY"]) {
      expect(problems).toContain(name);
    }
  });

  it("rejects malformed values with a message per variable", () => {
    // GIVEN four bad variables
    const env = { DATABASE_URL: "mysql://x", REDIS_URL: "nope", APP_ENCRYPTION_KEY: "short", PORT: "0" };
    // WHEN the configuration is loaded
    const error = (() => {
      try {
        loadConfig(env);
      } catch (e) {
        return e as ConfigError;
      }
    })();
    // THEN one error names each of them
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.problems).toHaveLength(4);
    for (const name of Object.keys(env)) expect(error?.message).toContain(name);
  });

  it("reads PostgreSQL URLs and a real key", () => {
    const key = Buffer.alloc(32, 7).toString("base64");
    const config = loadConfig({ DATABASE_URL: "postgres://root@127.0.0.1:5432/app", APP_ENCRYPTION_KEY: key, NODE_ENV: "production", SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://app.example.com" });
    expect(config.encryptionKey.equals(Buffer.alloc(32, 7))).toBe(true);
    expect(config.crm.allowPrivateUrls).toBe(false);
  });
});
