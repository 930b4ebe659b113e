import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

export interface ServerProcess {
  readonly pid: number;
  readonly url: string;
  readonly logFile: string;
  /** User + system CPU seconds the process has used so far (from /proc). */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  url: string;
  /** Answers 200 once the server can take deliveries. */
  readyPath: string;
  /** Ready as soon as `readyPath` answers at all (a server that has no health route). */
  acceptAnyStatus?: boolean;
  logFile: string;
  cwd: string;
  startTimeoutMs?: number;
}

const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime of a process, from /proc/<pid>/stat (Linux). */
export function readProcessCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** Starts a server as a child process (output to a log file) and waits until `readyPath` answers 200. */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const log = openSync(options.logFile, "w");
  const child: ChildProcess = spawn(process.execPath, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${options.name} did not start (spawn ${process.execPath} failed).`);

  const server: ServerProcess = {
    pid,
    url: options.url,
    logFile: options.logFile,
    cpuSeconds: () => readProcessCpuSeconds(pid),
    async stop() {
      if (hasExited()) return;
      child.kill("SIGTERM");
      const forceKill = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(forceKill);
    },
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  let lastProblem = "no answer yet";
  while (Date.now() < deadline) {
    if (hasExited()) {
      throw new Error(`${options.name} exited (${child.exitCode ?? child.signalCode}); see ${options.logFile}:\n${readFileSync(options.logFile, "utf8").slice(-3000)}`);
    }
    try {
      const response = await fetch(new URL(options.readyPath, options.url), { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok || options.acceptAnyStatus) return server;
      lastProblem = `${options.readyPath} answered ${response.status}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await sleep(100);
  }
  await server.stop();
  throw new Error(`${options.name} was not ready within ${(options.startTimeoutMs ?? 30_000) / 1000} s (${lastProblem}); see ${options.logFile}.`);
}
