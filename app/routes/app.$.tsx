import type { LoaderFunctionArgs } from "@remix-run/node";
import { RouteErrorBoundary } from "../components/RouteErrorBoundary";
import { requireAdmin } from "../services/admin-context.server";

/** Any /app/… path no page answers: a 404 inside the app (navigation kept), after authentication. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  await requireAdmin(request);
  throw new Response("Not Found", { status: 404, statusText: "Not Found" });
};

export default function UnknownPage() {
  return null;
}

export const ErrorBoundary = RouteErrorBoundary;
