import { data, type ActionFunctionArgs } from "@remix-run/node";
import { notFound, saved } from "../lib/http.server";
import { requireAdmin } from "../services/admin-context.server";
import { queueCampaignOutreach } from "../services/outreach.server";

/**
 * Resource route behind CampaignOutreachButton: queues the code email for every member of the
 * campaign who has an email address and a sendable code (the campaign's own code first), and says
 * who was left out and why.
 */
export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const result = (await queueCampaignOutreach(shop, params.id ?? "")) ?? notFound();
  if ("error" in result) return data({ intent: "send", ok: false as const, fieldErrors: {}, message: result.error }, { status: 400 });
  return saved("send", { ...result });
};
