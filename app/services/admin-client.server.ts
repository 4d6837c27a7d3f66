import { log } from "../lib/logger.server";

/**
 * The Admin API as the app sees it: the same call shape as shopify-app-remix's `admin.graphql`,
 * so the real Shopify client and the local emulator are interchangeable.
 */
export interface AdminGraphqlClient {
  graphql(query: string, options?: { variables?: Record<string, unknown> }): Promise<Response>;
}

export interface AdminGraphqlError {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
}

export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly errors: AdminGraphqlError[],
  ) {
    super(message);
  }
}

/** Runs one operation and returns its data, or throws with Shopify's own error messages. */
export async function adminQuery<T>(
  admin: AdminGraphqlClient,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  const response = await admin.graphql(query, variables ? { variables } : undefined);
  const body = (await response.json()) as { data?: T; errors?: AdminGraphqlError[] };
  if (body.errors?.length || !body.data) {
    const errors = body.errors ?? [{ message: `Admin API answered HTTP ${response.status}` }];
    throw new AdminApiError(errors.map((e) => e.message).join("; "), errors);
  }
  return body.data;
}

/**
 * Admin API work whose failure the merchant should read instead of a 500: Shopify unreachable,
 * timing out or answering with an error. Shopify's GraphQL error messages are kept; anything else
 * becomes "codes.error.unreachable". A thrown Response is shopify-app-remix asking the browser to
 * authenticate again (an access token Shopify refused), and passes through.
 */
export async function attemptAdmin<T>(work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof Response) throw error;
    log.warn({ err: error }, "Admin API call failed");
    return { ok: false, error: error instanceof AdminApiError ? error.message : "codes.error.unreachable" };
  }
}
