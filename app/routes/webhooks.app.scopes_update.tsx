import type { ActionFunctionArgs } from "@remix-run/node";
import { ingestWebhook, methodNotAllowed } from "../services/webhook-ingest.server";

export const action = ({ request }: ActionFunctionArgs) => ingestWebhook(request, "app/scopes_update");

export const loader = () => methodNotAllowed();
