import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export interface DemoServer {
  url: string;
  startupMs: number;
  output: () => string;
  stop(): Promise<void>;
}

/** Runs `npm run demo` exactly as a new user would, on a fresh data directory and a free port. */
export async function startDemo({ build = true } = {}): Promise<DemoServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "codetrail-demo-"));
  const port = await freePort();
  const started = Date.now();
  let log = "";
  // A new user's shell: no production flag, no external database.
  const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, PORT: String(port) };
  delete env.NODE_ENV;
  delete env.DATABASE_URL;
  const child: ChildProcess = spawn(
    "npm",
    ["run", "demo", "--", ...(build ? [] : ["--no-build"])],
    {
      env: env as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    },
  );
  child.stdout?.on("data", (chunk) => (log += chunk));
  child.stderr?.on("data", (chunk) => (log += chunk));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      process.kill(-child.pid!, "SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm run demo exited early:\n${log.slice(-3000)}`);
    // A hang guard, not a speed check: a cold build and seed take minutes on a busy 2-core machine.
    if (Date.now() - started > 360_000) {
      await stop();
      throw new Error(`npm run demo did not serve /app within 6 minutes:\n${log.slice(-3000)}`);
    }
    const status = await fetch(`${url}/app`).then((r) => r.status, () => 0);
    if (status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, startupMs: Date.now() - started, output: () => log, stop };
}
