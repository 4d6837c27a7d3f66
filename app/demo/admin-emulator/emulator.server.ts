import {
  execute,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type GraphQLFieldResolver,
} from "graphql";
import { adminSchema } from "../../graphql/admin-schema.server";
import type { AdminGraphqlClient } from "../../services/admin-client.server";
import { createBulkOperations } from "./bulk.server";
import { estimateQueryCost, LeakyBucket, type ThrottleStatus } from "./cost.server";
import { createRootResolvers, type EmulatorStore } from "./resolvers.server";

export interface EmulatorError {
  message: string;
  locations?: readonly { line: number; column: number }[];
  path?: readonly (string | number)[];
  extensions: { code?: unknown; [key: string]: unknown };
}

/** An answer as Shopify shapes it: data and/or errors, with the query cost in extensions. */
export interface EmulatorBody {
  data?: Record<string, unknown> | null;
  errors?: EmulatorError[];
  extensions?: {
    cost: { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: ThrottleStatus };
  };
}

export interface AdminEmulatorOptions {
  store: EmulatorStore;
  /** Shopify's standard plan: 2,000 points, restoring 100 per second. */
  bucket?: LeakyBucket;
  /** The time bulk operations are stamped with (decision 015). */
  clock?: () => Date;
}

/**
 * A local stand-in for one shop's Admin GraphQL API. Every document is parsed and validated
 * against Shopify's real 2026-10 schema before it runs, so an operation the app sends here is one
 * Shopify would accept. Only the root fields CodeTrail uses have resolvers; anything else fails
 * loudly instead of returning made-up data.
 */
export function createAdminEmulator({ store, bucket = new LeakyBucket(), clock = () => new Date() }: AdminEmulatorOptions) {
  const schema = adminSchema();
  const roots = createRootResolvers(store);

  const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
    if (info.parentType === schema.getQueryType() || info.parentType === schema.getMutationType()) {
      const resolver = roots[info.fieldName];
      if (!resolver) {
        throw new GraphQLError(
          `The CodeTrail Admin API emulator does not implement ${info.parentType.name}.${info.fieldName}.`,
        );
      }
      return resolver(args as Record<string, unknown>);
    }
    const value = (source as Record<string, unknown> | null)?.[info.fieldName];
    return typeof value === "function" ? value(args) : value;
  };
  const bulk = createBulkOperations({ schema, roots: { ...roots }, fieldResolver, clock });
  Object.assign(roots, bulk.resolvers);

  async function run(query: string, variables: Record<string, unknown> = {}): Promise<{ status: number; body: EmulatorBody }> {
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return { status: 200, body: { errors: [toShopifyError(error as GraphQLError)] } };
    }
    const validationErrors = validate(schema, document);
    if (validationErrors.length) {
      return { status: 200, body: { errors: validationErrors.map(toShopifyError) } };
    }
    const cost = estimateQueryCost(schema, document);
    const throttle = bucket.take(cost);
    const extensions = {
      cost: {
        requestedQueryCost: cost,
        actualQueryCost: throttle.allowed ? cost : null,
        throttleStatus: throttle.status,
      },
    };
    if (!throttle.allowed) {
      return {
        status: 200,
        body: { errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }], extensions },
      };
    }
    const result = await execute({ schema, document, variableValues: variables, fieldResolver });
    return {
      status: 200,
      body: {
        ...(result.data ? { data: result.data } : {}),
        ...(result.errors?.length ? { errors: result.errors.map(toShopifyError) } : {}),
        extensions,
      },
    };
  }

  const client: AdminGraphqlClient & { run: typeof run; bulk: typeof bulk } = {
    run,
    bulk,
    async graphql(query, options) {
      const { status, body } = await run(query, options?.variables);
      return new Response(JSON.stringify(body), {
        status,
        headers: { "Content-Type": "application/json" },
      });
    },
  };
  return client;
}

function toShopifyError(error: GraphQLError): EmulatorError {
  return {
    message: error.message,
    ...(error.locations ? { locations: error.locations } : {}),
    ...(error.path ? { path: error.path } : {}),
    extensions: { code: error.extensions?.code ?? "GRAPHQL_VALIDATION_FAILED", ...error.extensions },
  };
}
