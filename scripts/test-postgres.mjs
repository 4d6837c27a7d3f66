#!/usr/bin/env node
// `npm run test:postgres`: the whole suite against a PostgreSQL server. Every test file creates
// and drops its own database on the server named by DATABASE_URL (default: this machine's).
import { spawn } from "node:child_process";

const url = process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/test";
if (!/^postgres(ql)?:\/\//.test(url)) {
  console.error(`test:postgres needs a postgres:// DATABASE_URL, got "${url}".`);
  process.exit(1);
}
const child = spawn("vitest", ["run", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, TEST_DATABASE_URL: url, DATABASE_URL: "" },
  shell: false,
});
child.on("exit", (code) => process.exit(code ?? 1));
