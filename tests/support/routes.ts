import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { formData } from "./factories";

type RouteFunction = (args: LoaderFunctionArgs | ActionFunctionArgs) => unknown;

export interface RouteOutcome<T = Record<string, unknown>> {
  status: number;
  body: T;
  location: string | null;
}

/**
 * Calls a route's loader or action as Remix would, and normalises what comes back: plain data
 * (200), `data(…, { status })`, a redirect, or a thrown Response (404).
 */
export async function callRoute<T = Record<string, unknown>>(
  fn: RouteFunction,
  {
    path,
    params = {},
    form,
  }: { path: string; params?: Record<string, string>; form?: Record<string, string | string[]> },
): Promise<RouteOutcome<T>> {
  const url = `http://localhost${path}`;
  const request = form ? new Request(url, { method: "POST", body: formData(form) }) : new Request(url);
  let result: unknown;
  try {
    result = await fn({ request, params, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) result = thrown;
    else throw thrown;
  }
  if (result instanceof Response) {
    const text = await result.text();
    return { status: result.status, body: text as unknown as T, location: result.headers.get("Location") };
  }
  if (result && typeof result === "object" && (result as { type?: string }).type === "DataWithResponseInit") {
    const wrapped = result as { data: T; init: ResponseInit | null };
    return { status: wrapped.init?.status ?? 200, body: wrapped.data, location: null };
  }
  return { status: 200, body: result as T, location: null };
}
