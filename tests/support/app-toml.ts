import { readFileSync } from "node:fs";
import path from "node:path";
import { parseTOML } from "confbox";

/**
 * The app's Shopify CLI configuration (shopify.app.toml and its variants), read the way the CLI
 * reads it, so tests check what is deployed rather than a copy.
 */

export interface WebhookSubscription {
  topics?: string[];
  compliance_topics?: string[];
  uri: string;
  include_fields?: string[];
  filter?: string;
}

export interface AppToml {
  client_id: string;
  name: string;
  application_url: string;
  embedded: boolean;
  build?: Record<string, unknown>;
  access_scopes: { scopes: string; optional_scopes?: string[]; use_legacy_install_flow?: boolean };
  auth?: { redirect_urls: string[] };
  webhooks: { api_version: string; subscriptions: WebhookSubscription[] };
  [key: string]: unknown;
}

export function appToml(file = "shopify.app.toml"): AppToml {
  return parseTOML<AppToml>(readFileSync(path.resolve(file), "utf8"));
}

/** The access scopes requested, as a list. */
export function requestedScopes(toml: AppToml = appToml()): string[] {
  return toml.access_scopes.scopes.split(",").map((s) => s.trim()).filter(Boolean);
}

/** The subscription of a topic (compliance topics included). */
export function subscriptionOf(topic: string, toml: AppToml = appToml()): WebhookSubscription | undefined {
  return toml.webhooks.subscriptions.find((s) => s.topics?.includes(topic) || s.compliance_topics?.includes(topic));
}

/** The topic's include_fields in shopify.app.toml (throws when it has none). */
export function includeFieldsOf(topic: string, toml: AppToml = appToml()): string[] {
  const fields = subscriptionOf(topic, toml)?.include_fields;
  if (!fields?.length) throw new Error(`shopify.app.toml has no include_fields for ${topic}`);
  return fields;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// Node 22 (V8): JSON.parse's source text access and raw JSON numbers; not yet in TypeScript's lib.
const { rawJSON, isRawJSON } = JSON as unknown as { rawJSON(text: string): Json; isRawJSON(value: unknown): boolean };

function pick(value: Json, paths: string[][]): Json {
  if (value === null || typeof value !== "object" || isRawJSON(value)) return value;
  if (Array.isArray(value)) return value.map((item) => pick(item, paths));
  const out: { [key: string]: Json } = {};
  const byKey = new Map<string, string[][]>();
  for (const [head, ...rest] of paths) byKey.set(head, [...(byKey.get(head) ?? []), rest]);
  for (const [key, rests] of byKey) {
    if (!(key in value)) continue;
    out[key] = rests.some((rest) => rest.length === 0) ? value[key] : pick(value[key], rests);
  }
  return out;
}

/**
 * What Shopify delivers for a subscription with these include_fields: only the listed fields, a
 * nested one named with periods ("customer.id", "refunds.refund_line_items.subtotal_set"; through
 * a list it applies to each element), a field the payload lacks left out. Lossless: every number
 * is written back exactly as it was sent (ids beyond 2^53 included).
 */
export function includeOnly(payload: string | object, fields: readonly string[]): string {
  const raw = typeof payload === "string" ? payload : JSON.stringify(payload);
  const exact = JSON.parse(raw, (_key, value: unknown, context?: { source?: string }) =>
    typeof value === "number" && context?.source !== undefined ? rawJSON(context.source) : value,
  ) as Json;
  return JSON.stringify(pick(exact, fields.map((f) => f.split("."))));
}
