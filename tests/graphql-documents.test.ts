import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { adminSchema } from "../app/graphql/admin-schema.server";

/** Every `#graphql` document written anywhere under app/, with where it lives. */
function appGraphqlDocuments() {
  const found: { file: string; source: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "generated") walk(full);
      } else if (/\.(ts|tsx)$/.test(entry.name)) {
        const text = readFileSync(full, "utf8");
        for (const match of text.matchAll(/`#graphql([\s\S]*?)`/g)) {
          found.push({ file: path.relative(process.cwd(), full), source: match[1] });
        }
      }
    }
  };
  walk(path.resolve("app"));
  return found;
}

describe("Admin GraphQL documents", () => {
  const documents = appGraphqlDocuments();

  it("finds the app's documents, all in app/graphql/", () => {
    expect(documents.length).toBeGreaterThan(0);
    for (const doc of documents) expect(doc.file.startsWith(path.join("app", "graphql"))).toBe(true);
  });

  it.each(documents.map((d) => [d.file, d.source]))(
    "%s validates against Shopify's 2026-10 Admin schema",
    (_file, source) => {
      const errors = validate(adminSchema(), parse(source)).map((e) => e.message);
      expect(errors).toEqual([]);
    },
  );

  it("rejects a document Shopify would reject (the check can fail)", () => {
    const errors = validate(adminSchema(), parse("query { shop { name notAShopField } }"));
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain('Cannot query field "notAShopField" on type "Shop".');
  });
});
