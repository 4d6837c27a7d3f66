import {
  getNamedType,
  isCompositeType,
  isObjectType,
  Kind,
  valueFromAST,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";

/**
 * Shopify's calculated query cost, as documented for the Admin API: an object costs 1, a scalar
 * or enum 0, a connection costs 2 plus `first`/`last` times the cost of one node, and a mutation
 * costs 10. Good enough to exercise the app's throttling logic against realistic numbers.
 */
export function estimateQueryCost(schema: GraphQLSchema, document: DocumentNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  }

  function selectionCost(type: GraphQLCompositeType, set: SelectionSetNode): number {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const onType = selection.typeCondition
          ? (schema.getType(selection.typeCondition.name.value) as GraphQLCompositeType)
          : type;
        total += selectionCost(onType, selection.selectionSet);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment) {
          const onType = schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType;
          total += selectionCost(onType, fragment.selectionSet);
        }
        continue;
      }
      if (!isObjectType(type) && !("getFields" in type)) continue;
      const field = "getFields" in type ? type.getFields()[selection.name.value] : undefined;
      if (!field || !selection.selectionSet) continue;
      const named = getNamedType(field.type);
      if (!isCompositeType(named)) continue;
      const childCost = selectionCost(named, selection.selectionSet);
      if (named.name.endsWith("Connection")) {
        let pageSize = 1;
        for (const arg of selection.arguments ?? []) {
          if (arg.name.value !== "first" && arg.name.value !== "last") continue;
          const def = field.args.find((a) => a.name === arg.name.value);
          const value = def ? valueFromAST(arg.value, def.type) : undefined;
          if (typeof value === "number") pageSize = value;
        }
        total += 2 + pageSize * childCost;
      } else {
        total += 1 + childCost;
      }
    }
    return total;
  }

  let cost = 0;
  for (const def of document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    if (def.operation === "mutation") {
      cost += 10 * def.selectionSet.selections.length;
    } else {
      cost += selectionCost(schema.getQueryType()!, def.selectionSet);
    }
  }
  return Math.max(1, cost);
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** Shopify's leaky bucket for GraphQL points, with an injectable clock for tests. */
export class LeakyBucket {
  private available: number;
  private last: number;

  constructor(
    readonly maximumAvailable = 2000,
    readonly restoreRate = 100,
    private readonly now: () => number = Date.now,
  ) {
    this.available = maximumAvailable;
    this.last = now();
  }

  take(cost: number): { allowed: boolean; status: ThrottleStatus } {
    const now = this.now();
    this.available = Math.min(
      this.maximumAvailable,
      this.available + ((now - this.last) / 1000) * this.restoreRate,
    );
    this.last = now;
    const allowed = this.available >= cost;
    if (allowed) this.available -= cost;
    return {
      allowed,
      status: {
        maximumAvailable: this.maximumAvailable,
        currentlyAvailable: Math.floor(this.available),
        restoreRate: this.restoreRate,
      },
    };
  }
}
