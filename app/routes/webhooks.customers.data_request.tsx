import type { ActionFunctionArgs } from "@remix-run/node";
import { ingestWebhook, methodNotAllowed } from "../services/webhook-ingest.server";

export const action = ({ request }: ActionFunctionArgs) => ingestWebhook(request, "customers/data_request");

export const loader = () => methodNotAllowed();
