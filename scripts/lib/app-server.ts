import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SERVER_BUILD = path.join(ROOT, "build/server/index.js");
const BUILD_INPUTS = ["app", "public", "vite.config.ts", "package.json", "package-lock.json", "tsconfig.json"];
const BUILD_LOCK = path.join(ROOT, "build/.e2e-build-lock");

function newestModification(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(entry).map((name) => newestModification(path.join(entry, name))));
}

function isBuildCurrent(): boolean {
  if (!existsSync(SERVER_BUILD)) return false;
  const sources = Math.max(...BUILD_INPUTS.map((input) => newestModification(path.join(ROOT, input))));
  return statSync(SERVER_BUILD).mtimeMs >= sources;
}

async function acquireBuildLock(timeoutMs: number): Promise<void> {
  mkdirSync(path.dirname(BUILD_LOCK), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`Another build holds ${BUILD_LOCK}; remove it if no build is running.`);
      await sleep(200);
    }
  }
}

/**
 * Runs `remix vite:build` only when build/server/index.js is missing or older than any source under app/,
 * public/ or the build configuration, so repeated runs reuse the last build. Concurrent callers wait for one build.
 */
export async function ensureAppBuild(): Promise<{ built: boolean; durationMs: number }> {
  const started = Date.now();
  if (isBuildCurrent()) return { built: false, durationMs: 0 };
  await acquireBuildLock(90_000);
  try {
    if (isBuildCurrent()) return { built: false, durationMs: Date.now() - started };
    const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, NODE_ENV: "production" },
    });
    if (result.status !== 0) throw new Error(`remix vite:build failed:\n${result.stdout}\n${result.stderr}`);
    return { built: true, durationMs: Date.now() - started };
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface AppServer {
  readonly url: string;
  /** Everything the server printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `remix-serve build/server/index.js` on a free loopback port with exactly the given environment. */
export async function startAppServer(env: Record<string, string>): Promise<AppServer> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  let output = "";
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, "node_modules/@remix-run/serve/dist/cli.js"), SERVER_BUILD], {
    cwd: ROOT,
    env: { NODE_ENV: "test", PATH: process.env.PATH ?? "", SHOPIFY_APP_URL: url, ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;

  const server: AppServer = {
    url,
    output: () => output,
    stop: async () => {
      if (hasExited()) return;
      child.kill("SIGTERM");
      // remix-serve only closes its HTTP server; open database pools can keep it alive for a while after that.
      const forceKill = setTimeout(() => child.kill("SIGKILL"), 2000);
      await exited;
      clearTimeout(forceKill);
    },
  };

  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error(`remix-serve exited (${child.exitCode ?? child.signalCode}):\n${output}`);
    if (output.includes("[remix-serve]")) return server;
    await sleep(100);
  }
  await server.stop();
  throw new Error(`remix-serve did not start within 20 s:\n${output}`);
}
