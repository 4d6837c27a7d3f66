import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { adminSchema } from "../app/graphql/admin-schema.server";

const GRAPHQL_DIR = path.resolve("app/graphql");

/** Files anywhere under app/ that contain a `#graphql` document. */
function filesWithDocuments() {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "generated") walk(full);
      } else if (/\.(ts|tsx)$/.test(entry.name) && readFileSync(full, "utf8").includes("#graphql")) {
        found.push(path.relative(process.cwd(), full));
      }
    }
  };
  walk(path.resolve("app"));
  return found;
}

/** Every document the app sends: the exported strings of app/graphql/*.ts, as assembled at runtime. */
async function appDocuments() {
  const documents: [string, string][] = [];
  for (const file of readdirSync(GRAPHQL_DIR).filter((f) => f.endsWith(".ts") && !f.endsWith(".server.ts"))) {
    const module = (await import(path.join(GRAPHQL_DIR, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      if (typeof value === "string" && value.trimStart().startsWith("#graphql")) {
        documents.push([`${file} ${name}`, value]);
      }
    }
  }
  return documents;
}

const documents = await appDocuments();

describe("Admin GraphQL documents", () => {
  it("keeps every document in app/graphql/", () => {
    expect(documents.length).toBeGreaterThanOrEqual(6);
    for (const file of filesWithDocuments()) expect(file.startsWith(path.join("app", "graphql"))).toBe(true);
  });

  it.each(documents)("%s validates against Shopify's 2026-10 Admin schema", (_name, source) => {
    const errors = validate(adminSchema(), parse(source)).map((e) => e.message);
    expect(errors).toEqual([]);
  });

  it("rejects a document Shopify would reject (the check can fail)", () => {
    const errors = validate(adminSchema(), parse("query { shop { name notAShopField } }"));
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain('Cannot query field "notAShopField" on type "Shop".');
  });
});
