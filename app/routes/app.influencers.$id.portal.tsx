import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { appConfig, portalSecret } from "../config.server";
import { notFound, saved } from "../lib/http.server";
import { portalUrl } from "../lib/portal-token.server";
import { influencerExists } from "../models/influencers.server";
import { issuePortalToken, portalLinkState, revokePortalToken } from "../models/portal.server";
import { requireAdmin } from "../services/admin-context.server";

/**
 * Resource route behind PortalLinkCard: the influencer's portal link (GET), and creating, rotating
 * or revoking it (POST intent=issue|revoke). Owner only (requireAdmin), scoped by shop.
 */

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const id = params.id ?? "";
  if (!(await influencerExists(shop.id, id))) notFound();
  const state = await portalLinkState(shop.id, id, portalSecret());
  const appUrl = appConfig().appUrl;
  return state.state === "active"
    ? { state: "active" as const, url: state.token ? portalUrl(appUrl, state.token) : null, since: state.rotatedAt.toISOString() }
    : state.state === "revoked"
      ? { state: "revoked" as const, url: null, since: state.revokedAt.toISOString() }
      : { state: "none" as const, url: null, since: null };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const id = params.id ?? "";
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (intent === "issue") {
    const token = await issuePortalToken(shop.id, id, portalSecret());
    if (!token) notFound();
    return saved(intent, { url: portalUrl(appConfig().appUrl, token) });
  }
  if (intent === "revoke") {
    if (!(await influencerExists(shop.id, id))) notFound();
    await revokePortalToken(shop.id, id);
    return saved(intent);
  }
  throw new Response("Unknown intent", { status: 400 });
};
