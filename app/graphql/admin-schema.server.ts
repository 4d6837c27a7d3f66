import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

/**
 * Shopify's real Admin GraphQL schema for the app's API version, as the introspection result
 * shipped in the npm package @shopify/dev-mcp (refreshed by `npm run schema:admin:update`).
 */
export const ADMIN_SCHEMA_VERSION = "2026-10";
export const ADMIN_SCHEMA_FILE = path.resolve(
  process.cwd(),
  `app/graphql/admin-schema/admin_${ADMIN_SCHEMA_VERSION}.json.gz`,
);

let cached: GraphQLSchema | undefined;

export function adminSchema(): GraphQLSchema {
  if (!cached) {
    const json = JSON.parse(gunzipSync(readFileSync(ADMIN_SCHEMA_FILE)).toString("utf8")) as {
      data?: IntrospectionQuery;
    } & IntrospectionQuery;
    cached = buildClientSchema(json.data ?? json, { assumeValid: true });
  }
  return cached;
}
