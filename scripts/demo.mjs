#!/usr/bin/env node
// `npm run demo`: build, migrate and seed the embedded database, then serve the demo store.
// Demo mode skips Shopify authentication for the demo shop, so it refuses NODE_ENV=production.
import { spawn } from "node:child_process";
import path from "node:path";

if (process.env.NODE_ENV === "production") {
  console.error("Refusing to start demo mode with NODE_ENV=production.");
  process.exit(1);
}
if (process.env.DATABASE_URL) {
  console.error("`npm run demo` uses the embedded database under DATA_DIR; unset DATABASE_URL.");
  process.exit(1);
}

const args = new Set(process.argv.slice(2));
const env = {
  ...process.env,
  CODETRAIL_DEMO: "1",
  DATA_DIR: path.resolve(process.env.DATA_DIR || ".data"),
  PORT: process.env.PORT || "3000",
  SHOPIFY_API_SECRET: process.env.SHOPIFY_API_SECRET || "demo-secret",
};
const bin = (name) => path.resolve("node_modules/.bin", name);

function run(command, commandArgs, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { stdio: "inherit", env: { ...env, ...extraEnv } });
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(command)} exited with ${code}`)),
    );
  });
}

const started = Date.now();
const step = (label) => console.log(`\n[demo ${((Date.now() - started) / 1000).toFixed(1)}s] ${label}`);
try {
  if (!args.has("--no-build")) {
    step("Building the app");
    await run(bin("remix"), ["vite:build"], { NODE_ENV: "production", CODETRAIL_DEMO: "" });
  }
  step(`Migrating and seeding the embedded database in ${env.DATA_DIR}`);
  await run(bin("tsx"), ["scripts/prepare-demo.ts", ...(args.has("--reset") ? ["--reset"] : [])]);
  step(`Starting CodeTrail at http://localhost:${env.PORT}/app`);
  const server = spawn(process.execPath, ["server.mjs"], { stdio: "inherit", env });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
  server.on("exit", (code) => process.exit(code ?? 0));
} catch (error) {
  console.error(`\nDemo start-up failed: ${error.message}`);
  process.exit(1);
}
