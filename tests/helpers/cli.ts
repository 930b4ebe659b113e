import { spawn } from "node:child_process";
import path from "node:path";
import { inject } from "vitest";

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The parsed output of a --json run. */
  json: { ok: boolean; result?: unknown; error?: string; kind?: string };
}

/** Runs the real operator CLI in its own process against the test database. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.resolve("node_modules/.bin/tsx"), ["cli/index.ts", "--json", ...args], {
      env: {
        ...process.env,
        NODE_ENV: "test",
        DATABASE_URL: inject("databaseUrl"),
        REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      let json: CliRun["json"] = { ok: false };
      try {
        json = JSON.parse(stdout);
      } catch {
        /* not JSON: left for the assertion to show */
      }
      resolve({ code, stdout, stderr, json });
    });
  });
}
