import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { ingestPixelEvent } from "../services/pixel-ingest.server";

// POST /pixel/events: the web pixel's collecting endpoint (app/services/pixel-ingest.server.ts).
export const action = ({ request, context }: ActionFunctionArgs) => ingestPixelEvent(request, context);
// OPTIONS (CORS preflight) and stray GETs arrive at the loader.
export const loader = ({ request, context }: LoaderFunctionArgs) => ingestPixelEvent(request, context);
