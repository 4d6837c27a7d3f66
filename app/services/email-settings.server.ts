import type { EmailSettings } from "../generated/prisma/client";
import { demoStarterEmailSettings, ensureDemoSmtpServer, isDemoMailbox } from "../demo/demo-smtp.server";
import type { MessageKey } from "../i18n/messages";
import type { EmailSettingsInput } from "../lib/forms/email-settings";
import {
  credentialsOf,
  findEmailSettings,
  recordConnectionTest,
  saveEmailSettings,
  SmtpPasswordUnavailable,
  viewOf,
  type SaveResult,
} from "../models/email-settings.server";
import { encryptionKeyFallback } from "../config.server";
import { resolveOutbound, type OutboundPolicy } from "./outbound.server";
import { testSmtpConnection, type SmtpAnswer } from "./smtp.server";

/**
 * The shop's email settings as the routes and the outreach job use them: the model's stored
 * settings plus what lives outside the model (the outbound policy check, the SMTP connection
 * test, the demo's own mail server).
 */

/** The shop's settings; the demo shop starts with the demo's mail server (app/demo). */
export function emailSettingsOf(shop: { id: string; domain: string }): Promise<EmailSettings | null> {
  return findEmailSettings(shop.id, demoStarterEmailSettings(shop));
}

/** What the settings page shows. */
export async function emailSettingsView(shop: { id: string; domain: string }) {
  const settings = await emailSettingsOf(shop);
  return viewOf(settings, settings ? isDemoMailbox(settings) : false);
}

/** Starts the demo's mail server when the settings point at it (demo only); elsewhere nothing. */
export async function prepareMailServer(settings: Pick<EmailSettings, "host" | "port">): Promise<void> {
  if (isDemoMailbox(settings)) await ensureDemoSmtpServer();
}

/**
 * Saves the form unless the host is, or resolves to, an address the outbound policy refuses (a
 * field error; nothing saved). A name that does not resolve now is saved: the connection test says
 * so, and every connection checks again.
 */
export async function saveCheckedEmailSettings(shopId: string, input: EmailSettingsInput, policy: OutboundPolicy): Promise<SaveResult> {
  const target = await resolveOutbound(input.host, input.port, policy);
  if (!target.ok && target.reason === "blocked") {
    return { ok: false, fieldErrors: { host: "outreach.settings.host.blocked" satisfies MessageKey } };
  }
  return saveEmailSettings(shopId, input, encryptionKeyFallback());
}

/** Tests the stored settings (connect, TLS, sign-in) and records what the server answered; null when nothing is saved. */
export async function testEmailConnection(shop: { id: string; domain: string }, policy: OutboundPolicy): Promise<SmtpAnswer | null> {
  const settings = await emailSettingsOf(shop);
  if (!settings) return null;
  await prepareMailServer(settings);
  let answer: SmtpAnswer;
  try {
    const { server, password } = credentialsOf(settings, encryptionKeyFallback());
    answer = await testSmtpConnection(server, password, policy);
  } catch (error) {
    if (!(error instanceof SmtpPasswordUnavailable)) throw error;
    answer = { ok: false, replies: [], failure: "password" };
  }
  await recordConnectionTest(shop.id, answer);
  return answer;
}
