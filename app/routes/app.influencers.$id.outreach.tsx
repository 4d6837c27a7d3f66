import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { notFound, saved } from "../lib/http.server";
import { emailSettingsOf } from "../services/email-settings.server";
import { requireAdmin } from "../services/admin-context.server";
import { composeDirectMessage, DM_PLATFORMS, loadOutreachMaterial, sendableCodes, type DmPlatform } from "../services/outreach-content.server";
import { listOutreachMessages, queueOutreachEmail, retryOutreachMessage } from "../services/outreach.server";

/**
 * Resource route behind OutreachCard: the influencer's sendable codes, the direct message per
 * platform for the chosen code (?code=<id>), the emails sent and their delivery (GET); sending a
 * code by email (intent=send) and queueing a failed email again (intent=retry). Owner only, by shop.
 */

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const id = params.id ?? "";
  const codeId = new URL(request.url).searchParams.get("code");
  const loaded = await loadOutreachMaterial(shop, id, { codeId });
  if (!loaded.ok && loaded.reason === "notFound") notFound();
  const [codes, messages, settings] = await Promise.all([sendableCodes(shop.id, id), listOutreachMessages(shop.id, id), emailSettingsOf(shop)]);
  const directMessages = loaded.ok
    ? (Object.fromEntries(DM_PLATFORMS.map((p) => [p, composeDirectMessage(loaded.material, p)])) as Record<DmPlatform, string>)
    : null;
  return {
    codes: codes.map((c) => ({ id: c.id, code: c.code })),
    codeId: loaded.ok ? loaded.codeId : null,
    hasEmail: loaded.ok ? Boolean(loaded.email) : null,
    hasSettings: Boolean(settings),
    hasPortal: loaded.ok ? Boolean(loaded.material.portalUrl) : false,
    directMessages,
    messages: messages.map((m) => ({
      id: m.id,
      code: m.code,
      toEmail: m.toEmail,
      subject: m.subject,
      status: m.status,
      attempts: m.attempts,
      messageId: m.messageId,
      smtpResponse: m.smtpResponse,
      lastError: m.lastError,
      queuedAt: m.queuedAt.toISOString(),
      sentAt: m.sentAt?.toISOString() ?? null,
      failedAt: m.failedAt?.toISOString() ?? null,
    })),
  };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const id = params.id ?? "";
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (intent === "send") {
    const codeId = String(form.get("codeId") ?? "") || null;
    const result = (await queueOutreachEmail(shop, id, { codeId })) ?? notFound();
    if (!result.ok) return data({ intent, ok: false as const, fieldErrors: {}, message: result.error }, { status: 400 });
    return saved(intent, { message: "outreach.card.queued" as const, outreachId: result.messageId });
  }
  if (intent === "retry") {
    return (await retryOutreachMessage(shop.id, String(form.get("messageId") ?? ""))) ? saved(intent) : notFound();
  }
  throw new Response("Unknown intent", { status: 400 });
};
