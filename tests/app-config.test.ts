import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { getNamedType, parse, TypeInfo, visit, visitWithTypeInfo } from "graphql";
import { describe, expect, it } from "vitest";
import { ADMIN_SCHEMA_FILE, adminSchema } from "../app/graphql/admin-schema.server";
import { appConfig } from "../app/config.server";
import { WEBHOOK_TOPICS } from "../app/services/webhook-ingest.server";
import { appToml, requestedScopes } from "./support/app-toml";

/**
 * The Shopify CLI configuration as the current CLI expects it, and the access scopes trimmed to
 * what the code uses: every scope the app's Admin API documents need (Shopify's schema says which,
 * type by type and field by field) is requested, and no requested scope could go.
 */

const dev = appToml("shopify.app.toml");
const production = appToml("shopify.app.production.toml");

describe("shopify.app.toml", () => {
  it("has no settings the current CLI dropped", () => {
    expect(dev.build).not.toHaveProperty("include_config_on_deploy");
    expect(production.build).not.toHaveProperty("include_config_on_deploy");
  });

  it("subscribes every topic the app handles, each at its own route, and nothing else", () => {
    const subscribed = dev.webhooks.subscriptions.flatMap((s) => [...(s.topics ?? []), ...(s.compliance_topics ?? [])]);
    expect([...subscribed].sort()).toEqual([...WEBHOOK_TOPICS].sort());
    expect(subscribed).toContain("app/scopes_update");
    for (const subscription of dev.webhooks.subscriptions) {
      const [topic, ...others] = [...(subscription.topics ?? []), ...(subscription.compliance_topics ?? [])];
      expect(others).toEqual([]);
      expect(subscription.uri).toBe(`/webhooks/${topic}`);
      expect(existsSync(`app/routes/webhooks.${topic.replace("/", ".")}.tsx`)).toBe(true);
    }
  });

  it("the production example keeps its URLs, and asks for the same scopes and webhooks", () => {
    expect(dev.build?.automatically_update_urls_on_dev).toBe(true);
    expect(production.build?.automatically_update_urls_on_dev).toBe(false);
    expect(production.application_url).toMatch(/^https:\/\//);
    for (const url of production.auth?.redirect_urls ?? []) expect(url.startsWith(production.application_url)).toBe(true);
    expect(production.access_scopes).toEqual(dev.access_scopes);
    expect(production.webhooks).toEqual(dev.webhooks);
    expect(production.embedded).toBe(true);
  });
});

// --- Access scopes -----------------------------------------------------------------------------

/** Any one of these scopes satisfies the requirement. */
type Requirement = { scopes: string[]; why: string };

const SCOPE = /\b(?:read|write)_[a-z_]+\b/g;

/**
 * Shopify's "requiredAccess" text ("`read_orders` access scope or `read_marketplace_orders` access
 * scope. Also: The app requires read_customer_events access scope ...") as requirements.
 */
function requirementsOf(text: string, why: string): Requirement[] {
  const [first, ...also] = text.split(/Also:/);
  const requirements: Requirement[] = [];
  const alternatives = first.match(SCOPE) ?? [];
  if (alternatives.length) requirements.push({ scopes: alternatives, why });
  for (const part of also) {
    const scopes = part.match(SCOPE) ?? [];
    if (/\bor\b/.test(part)) requirements.push({ scopes, why });
    else for (const scope of scopes) requirements.push({ scopes: [scope], why });
  }
  return requirements;
}

interface RawType {
  name: string;
  requiredAccess?: string | null;
  fields?: { name: string; requiredAccess?: string | null }[] | null;
}

function requiredAccessIndex(): Map<string, string> {
  const json = JSON.parse(gunzipSync(readFileSync(ADMIN_SCHEMA_FILE)).toString("utf8")) as {
    data?: { __schema: { types: RawType[] } };
    __schema?: { types: RawType[] };
  };
  const index = new Map<string, string>();
  for (const type of (json.data ?? json).__schema!.types) {
    if (type.requiredAccess) index.set(type.name, type.requiredAccess);
    for (const field of type.fields ?? []) if (field.requiredAccess) index.set(`${type.name}.${field.name}`, field.requiredAccess);
  }
  return index;
}

/** Every document the app sends (the exported `#graphql` strings of app/graphql/). */
async function appDocuments(): Promise<[string, string][]> {
  const dir = path.resolve("app/graphql");
  const documents: [string, string][] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".server.ts"))) {
    for (const [name, value] of Object.entries((await import(path.join(dir, file))) as Record<string, unknown>)) {
      if (typeof value === "string" && value.trimStart().startsWith("#graphql")) documents.push([name, value]);
    }
  }
  return documents;
}

/** What the app's Admin API documents need: each type and field they touch, per Shopify's schema. */
async function documentRequirements(): Promise<Requirement[]> {
  const schema = adminSchema();
  const access = requiredAccessIndex();
  const requirements: Requirement[] = [];
  for (const [name, source] of await appDocuments()) {
    const info = new TypeInfo(schema);
    const touched = new Set<string>();
    visit(
      parse(source),
      visitWithTypeInfo(info, {
        Field() {
          const parent = info.getParentType();
          const field = info.getFieldDef();
          if (parent && field) touched.add(`${parent.name}.${field.name}`);
          const type = info.getType();
          if (type) touched.add(getNamedType(type).name);
        },
        InlineFragment() {
          const type = info.getType();
          if (type) touched.add(getNamedType(type).name);
        },
      }),
    );
    for (const key of touched) {
      const text = access.get(key);
      if (text) requirements.push(...requirementsOf(text, `${name}: ${key}`));
    }
  }
  return requirements;
}

/** Needs outside the Admin API documents. */
const OTHER_REQUIREMENTS: Requirement[] = [
  // The order and refund webhook topics (Shopify's webhook reference: "requires read_orders").
  { scopes: ["read_orders"], why: "orders/* and refunds/create webhooks" },
];

/** A write scope includes its read scope (Shopify's access scopes reference). */
function granted(scopes: string[]): Set<string> {
  return new Set(scopes.flatMap((s) => (s.startsWith("write_") ? [s, `read_${s.slice("write_".length)}`] : [s])));
}

const unmet = (requirements: Requirement[], scopes: string[]) => {
  const have = granted(scopes);
  return requirements.filter((r) => !r.scopes.some((s) => have.has(s)));
};

describe("access scopes", () => {
  it("the requirement reader understands Shopify's wording", () => {
    expect(requirementsOf("`read_orders` access scope, `read_marketplace_orders` access scope or `read_quick_sale` access scope.", "x")).toEqual([
      { scopes: ["read_orders", "read_marketplace_orders", "read_quick_sale"], why: "x" },
    ]);
    expect(requirementsOf("`write_pixels` access scope. Also: The app requires read_customer_events access scope and user access permission.", "y")).toEqual([
      { scopes: ["write_pixels"], why: "y" },
      { scopes: ["read_customer_events"], why: "y" },
    ]);
  });

  it("shopify.app.toml asks for every scope the code needs and none it does not", async () => {
    const requirements = [...(await documentRequirements()), ...OTHER_REQUIREMENTS];
    const scopes = requestedScopes(dev);
    expect(unmet(requirements, scopes)).toEqual([]);
    // Each requested scope is the only one meeting some requirement: none could be dropped.
    for (const scope of scopes) {
      const without = scopes.filter((s) => s !== scope);
      expect(unmet(requirements, without).length, `${scope} is not needed`).toBeGreaterThan(0);
    }
    // read_customers: the backfill's Order.customer { id createdAt } (new vs returning customers).
    expect(unmet(requirements, scopes.filter((s) => s !== "read_customers")).map((r) => r.why)).toContain("ORDERS_PAGE: Customer");
  });

  it("the SCOPES default and the README say the same as shopify.app.toml", () => {
    const env = { SHOPIFY_API_KEY: "key", SHOPIFY_API_SECRET: "secret", SHOPIFY_APP_URL: "https://app.example.com" };
    expect(appConfig(env).scopes).toEqual(requestedScopes(dev));
    const row = readFileSync("README.md", "utf8").split("\n").find((line) => line.startsWith("| `SCOPES` |"));
    expect(row).toContain(`\`${dev.access_scopes.scopes}\``);
  });
});
