#!/usr/bin/env node
// `npm run schema:admin:update [-- <dev-mcp version>]`: refreshes Shopify's Admin GraphQL schema
// (introspection JSON) from the npm package @shopify/dev-mcp, without installing that package
// (it pulls in the whole Shopify CLI). Then run `npm test`: every document must still validate.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const version = process.argv[2] || "1.16.0";
const apiVersion = process.env.ADMIN_API_VERSION || "2026-10";
const work = mkdtempSync(path.join(tmpdir(), "dev-mcp-"));
try {
  const tarball = execFileSync("npm", ["pack", `@shopify/dev-mcp@${version}`, "--silent"], { cwd: work, encoding: "utf8" }).trim();
  const inside = `package/dist/data/admin_${apiVersion}.json.gz`;
  execFileSync("tar", ["-xzf", tarball, inside], { cwd: work });
  const target = `app/graphql/admin-schema/admin_${apiVersion}.json.gz`;
  copyFileSync(path.join(work, inside), target);
  console.log(`Updated ${target} from @shopify/dev-mcp@${version}.`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
