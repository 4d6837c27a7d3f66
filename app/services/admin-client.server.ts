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
