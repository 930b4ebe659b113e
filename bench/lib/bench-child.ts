import { spawn } from "node:child_process";

/**
 * Runs `file child ...args` in a fresh Node process (so each measurement has its own heap and peak RSS) and
 * returns the JSON object the child prints on its last stdout line.
 */
export function runBenchChild<T>(file: string, args: string[], cwd: string): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", file, "child", ...args], { cwd, stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`Benchmark child ${args[0]} exited with ${code}`));
      resolvePromise(JSON.parse(output.trim().split("\n").pop()!) as T);
    });
  });
}
