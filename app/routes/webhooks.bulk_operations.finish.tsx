import type { ActionFunctionArgs } from "@remix-run/node";
import { ingestWebhook, methodNotAllowed } from "../services/webhook-ingest.server";

export const action = ({ request }: ActionFunctionArgs) => ingestWebhook(request, "bulk_operations/finish");

export const loader = () => methodNotAllowed();
