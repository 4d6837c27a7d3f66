import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  execute,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import type { RootResolver } from "./resolvers.server";

/**
 * Bulk queries as Shopify runs them (bulkOperationRunQuery, bulkOperation(id)): the query is
 * validated against the schema when it is submitted; only one bulk query runs per shop at a time
 * (a second gets the OPERATION_IN_PROGRESS user error); status moves CREATED → RUNNING → COMPLETED
 * (or FAILED) one step per read of the operation, so time never decides it; the result is a JSONL
 * file where nested connections' nodes are lines of their own with `__parentId`, following their
 * parent only when the query asked for `groupObjects: true`. A failure can be arranged
 * (`failNext`): the operation fails with an error code and a `partialDataUrl` holding what was
 * written before. Results live in a private temporary folder (`dispose` removes it) and are read
 * back through `download(url)`, which stands in for fetching Shopify's signed storage URL.
 */

type Status = "CREATED" | "RUNNING" | "COMPLETED" | "FAILED";
export type BulkErrorCode = "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT";

interface Operation {
  id: string;
  status: Status;
  query: string;
  document: DocumentNode;
  groupObjects: boolean;
  createdAt: string;
  completedAt: string | null;
  errorCode: BulkErrorCode | null;
  objectCount: number;
  rootObjectCount: number;
  fileSize: number | null;
  url: string | null;
  partialDataUrl: string | null;
  failure: { errorCode: BulkErrorCode; afterRootObjects: number } | null;
}

const URL_BASE = "https://bulk-results.emulator.codetrail.invalid/";
const BULK_GID = "gid://shopify/BulkOperation/";

type Json = Record<string, unknown>;

function isConnection(value: unknown): value is { edges: { node: Json }[] } {
  return !!value && typeof value === "object" && Array.isArray((value as Json).edges);
}

/** One object's line (its connections removed) and its descendants' lines, depth first. */
function flatten(node: Json, parentId: string | null, out: Json[]) {
  const line: Json = {};
  const later: [string, { edges: { node: Json }[] }][] = [];
  for (const [key, value] of Object.entries(node)) {
    if (isConnection(value)) later.push([String(node.id), value]);
    else if (Array.isArray(value)) {
      // A plain list stays in the line; connections inside its objects become lines of their own.
      line[key] = value.map((item) => {
        if (!item || typeof item !== "object") return item;
        const own: Json = {};
        for (const [k, v] of Object.entries(item as Json)) {
          if (isConnection(v)) later.push([String((item as Json).id), v]);
          else own[k] = v;
        }
        return own;
      });
    } else line[key] = value;
  }
  if (parentId) line.__parentId = parentId;
  out.push(line);
  for (const [owner, connection] of later) for (const edge of connection.edges) flatten(edge.node, owner, out);
}

export function createBulkOperations(options: {
  schema: GraphQLSchema;
  roots: Record<string, RootResolver>;
  fieldResolver: GraphQLFieldResolver<unknown, unknown>;
  clock: () => Date;
}) {
  const operations = new Map<string, Operation>();
  let sequence = 0;
  let folder: string | undefined;
  let nextFailure: Operation["failure"] = null;
  const files = new Map<string, string>();

  function view(op: Operation) {
    return {
      id: op.id,
      status: op.status,
      errorCode: op.errorCode,
      createdAt: op.createdAt,
      completedAt: op.completedAt,
      objectCount: String(op.objectCount),
      rootObjectCount: String(op.rootObjectCount),
      fileSize: op.fileSize === null ? null : String(op.fileSize),
      url: op.url,
      partialDataUrl: op.partialDataUrl,
      query: op.query,
      type: "QUERY",
    };
  }

  function writeResult(op: Operation, lines: Json[], kind: "result" | "partial") {
    folder ??= mkdtempSync(path.join(tmpdir(), "codetrail-emulator-bulk-"));
    const name = `${op.id.slice(BULK_GID.length)}-${kind}.jsonl`;
    const file = path.join(folder, name);
    writeFileSync(file, lines.map((l) => JSON.stringify(l) + "\n").join(""));
    const url = `${URL_BASE}${name}`;
    files.set(url, file);
    return { url, size: statSync(file).size };
  }

  /** Runs the bulk query: the root connection unpaged (the emulator pages it internally). */
  async function run(op: Operation) {
    const rootResolver: GraphQLFieldResolver<unknown, unknown> = async (source, args, context, info) => {
      if (info.parentType !== options.schema.getQueryType()) return options.fieldResolver(source, args, context, info);
      const resolver = options.roots[info.fieldName];
      if (!resolver) throw new GraphQLError(`The CodeTrail Admin API emulator does not implement ${info.fieldName} in bulk.`);
      const nodes: Json[] = [];
      let after: string | null = null;
      for (;;) {
        const page = (await resolver({ ...args, first: 250, after })) as { nodes: Json[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
        nodes.push(...page.nodes);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      return { edges: nodes.map((node) => ({ node })), nodes, pageInfo: { hasNextPage: false, hasPreviousPage: false } };
    };
    const result = await execute({ schema: options.schema, document: op.document, fieldResolver: rootResolver });
    if (result.errors?.length || !result.data) {
      op.status = "FAILED";
      op.errorCode = "INTERNAL_SERVER_ERROR";
      op.completedAt = null;
      return;
    }
    const connection = Object.values(result.data)[0] as { edges: { node: Json }[] };
    const groups = connection.edges.map((edge) => {
      const lines: Json[] = [];
      flatten(edge.node, null, lines);
      return lines;
    });
    const failure = op.failure;
    const kept = failure ? groups.slice(0, failure.afterRootObjects) : groups;
    const lines = op.groupObjects
      ? kept.flat()
      : [...kept.map((g) => g[0]), ...kept.flatMap((g) => g.slice(1))];
    op.objectCount = lines.length;
    op.rootObjectCount = kept.length;
    if (failure) {
      op.status = "FAILED";
      op.errorCode = failure.errorCode;
      if (failure.errorCode !== "ACCESS_DENIED") op.partialDataUrl = writeResult(op, lines, "partial").url;
      return;
    }
    const written = writeResult(op, lines, "result");
    op.status = "COMPLETED";
    op.completedAt = options.clock().toISOString();
    op.url = lines.length ? written.url : null;
    op.fileSize = lines.length ? written.size : null;
  }

  const resolvers: Record<string, RootResolver> = {
    bulkOperationRunQuery(args) {
      const query = String(args.query ?? "");
      const userError = (code: string, message: string) => ({ bulkOperation: null, userErrors: [{ field: ["query"], message, code }] });
      const running = [...operations.values()].find((op) => op.status === "CREATED" || op.status === "RUNNING");
      if (running) {
        return userError("OPERATION_IN_PROGRESS", `A bulk query operation for this app and shop is already in progress: ${running.id}.`);
      }
      let document: DocumentNode;
      try {
        document = parse(query);
      } catch (error) {
        return userError("INVALID", (error as Error).message);
      }
      const errors = validate(options.schema, document);
      if (errors.length) return userError("INVALID", errors.map((e) => e.message).join("; "));
      const operationsInDoc = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      const root = operationsInDoc[0]?.selectionSet.selections;
      if (operationsInDoc.length !== 1 || operationsInDoc[0].operation !== "query" || root?.length !== 1 || root[0].kind !== Kind.FIELD) {
        return userError("INVALID", "Bulk queries must contain exactly one top-level connection field.");
      }
      if (root[0].name.value !== "orders") {
        return userError("INVALID", `The CodeTrail Admin API emulator runs bulk queries of orders only, not ${root[0].name.value}.`);
      }
      sequence += 1;
      const op: Operation = {
        id: `${BULK_GID}${sequence}`,
        status: "CREATED",
        query,
        document,
        groupObjects: args.groupObjects === true,
        createdAt: options.clock().toISOString(),
        completedAt: null,
        errorCode: null,
        objectCount: 0,
        rootObjectCount: 0,
        fileSize: null,
        url: null,
        partialDataUrl: null,
        failure: nextFailure,
      };
      nextFailure = null;
      operations.set(op.id, op);
      return { bulkOperation: view(op), userErrors: [] };
    },

    async bulkOperation(args) {
      const op = operations.get(String(args.id ?? ""));
      if (!op) return null;
      if (op.status === "CREATED") op.status = "RUNNING";
      else if (op.status === "RUNNING") await run(op);
      return view(op);
    },
  };

  return {
    resolvers,
    /** The next bulk query fails with this error code after writing this many orders (with their lines). */
    failNext(failure: { errorCode: BulkErrorCode; afterRootObjects: number }) {
      nextFailure = failure;
    },
    /** Runs every unfinished operation to its end (what Shopify does in the background). */
    async finishAll() {
      for (const op of operations.values()) {
        while (op.status === "CREATED" || op.status === "RUNNING") await resolvers.bulkOperation({ id: op.id });
      }
    },
    /** Streams a result file this emulator wrote (Shopify's signed URL, fetched). */
    download(url: string): AsyncIterable<Uint8Array> {
      const file = files.get(url);
      if (!file) throw new Error(`No bulk operation result at ${url}.`);
      return createReadStream(file, { highWaterMark: 64 * 1024 });
    },
    dispose() {
      if (folder) rmSync(folder, { recursive: true, force: true });
      folder = undefined;
      files.clear();
    },
  };
}

export type EmulatorBulkOperations = ReturnType<typeof createBulkOperations>;
