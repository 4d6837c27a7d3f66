import prisma from "../db.server";
import { DEMO_SHOP_DOMAIN, demoSmtpPort, isDemoMode } from "../demo/demo-mode.server";
import type { EmailSettings } from "../generated/prisma/client";
import type { MessageKey } from "../i18n/messages";
import type { EmailSettingsInput } from "../lib/forms/email-settings";
import type { FieldErrors } from "../lib/form-validation";
import { canSeal, open, seal } from "../lib/secret-box.server";
import { resolveOutbound, type OutboundPolicy } from "../services/outbound.server";
import type { SmtpAnswer, SmtpFailure, SmtpServerSettings } from "../services/smtp.server";

/**
 * The shop's SMTP settings. The password is sealed (app/lib/secret-box.server.ts) before it is
 * written and opened only to hand it to nodemailer; it is never sent back to the page.
 */

export const DEMO_SMTP_FROM = "hello@demo-store.example";


/** What the settings page shows: everything but the password, and whether one is stored. */
export interface EmailSettingsView {
  host: string;
  port: number;
  security: EmailSettings["security"];
  username: string | null;
  hasPassword: boolean;
  fromEmail: string;
  lastTestAt: string | null;
  lastTestOk: boolean | null;
  lastTestFailure: SmtpFailure | null;
  lastTestResponse: string | null;
  demoMailbox: boolean;
}

/**
 * The stored settings. In demo mode the demo shop starts with settings pointing at the demo's own
 * SMTP server (app/demo/demo-smtp.server.ts), so the whole flow works without an outside service.
 */
export async function findEmailSettings(shop: { id: string; domain: string }): Promise<EmailSettings | null> {
  const stored = await prisma.emailSettings.findUnique({ where: { shopId: shop.id } });
  if (stored || !isDemoMode() || shop.domain !== DEMO_SHOP_DOMAIN) return stored;
  return prisma.emailSettings.upsert({
    where: { shopId: shop.id },
    create: { shopId: shop.id, host: "127.0.0.1", port: demoSmtpPort(), security: "NONE", fromEmail: DEMO_SMTP_FROM },
    update: {},
  });
}

export function isDemoMailbox(settings: Pick<EmailSettings, "host" | "port">): boolean {
  return isDemoMode() && ["127.0.0.1", "localhost"].includes(settings.host) && settings.port === demoSmtpPort();
}

export function viewOf(settings: EmailSettings | null): EmailSettingsView | null {
  if (!settings) return null;
  return {
    host: settings.host,
    port: settings.port,
    security: settings.security,
    username: settings.username,
    hasPassword: settings.passwordSealed !== null,
    fromEmail: settings.fromEmail,
    lastTestAt: settings.lastTestAt?.toISOString() ?? null,
    lastTestOk: settings.lastTestOk,
    lastTestFailure: settings.lastTestFailure as SmtpFailure | null,
    lastTestResponse: settings.lastTestResponse,
    demoMailbox: isDemoMailbox(settings),
  };
}

export type SaveResult = { ok: true; settings: EmailSettings } | { ok: false; fieldErrors: FieldErrors };

/**
 * Saves the form; a new password is sealed, an empty one keeps the stored one. A host that is, or
 * resolves to, an address the outbound policy refuses is a field error and nothing is saved (a
 * name that does not resolve now is saved: the connection test says so, and every connection
 * checks again).
 */
export async function saveEmailSettings(shopId: string, input: EmailSettingsInput, policy: OutboundPolicy): Promise<SaveResult> {
  const target = await resolveOutbound(input.host, input.port, policy);
  if (!target.ok && target.reason === "blocked") {
    return { ok: false, fieldErrors: { host: "outreach.settings.host.blocked" satisfies MessageKey } };
  }
  let passwordSealed: string | null | undefined;
  if (input.clearPassword || !input.username) passwordSealed = null;
  else if (input.password !== undefined) {
    if (!canSeal()) return { ok: false, fieldErrors: { password: "outreach.settings.password.noKey" satisfies MessageKey } };
    passwordSealed = seal(input.password, shopId);
  }
  const data = {
    host: input.host,
    port: input.port,
    security: input.security,
    username: input.username,
    fromEmail: input.fromEmail,
    ...(passwordSealed !== undefined ? { passwordSealed } : {}),
    // New settings have not been tested yet.
    lastTestAt: null,
    lastTestOk: null,
    lastTestFailure: null,
    lastTestResponse: null,
  };
  const settings = await prisma.emailSettings.upsert({
    where: { shopId },
    create: { shopId, ...data, passwordSealed: passwordSealed ?? null },
    update: data,
  });
  return { ok: true, settings };
}

export class SmtpPasswordUnavailable extends Error {}

/** The settings and the opened password, for nodemailer. */
export function credentialsOf(settings: EmailSettings): { server: SmtpServerSettings; password: string | null } {
  let password: string | null = null;
  if (settings.passwordSealed) {
    password = open(settings.passwordSealed, settings.shopId);
    if (password === null) {
      throw new SmtpPasswordUnavailable(
        "The stored SMTP password cannot be decrypted (CODETRAIL_ENCRYPTION_KEY is missing or changed): enter it again in Settings → Email.",
      );
    }
  }
  return {
    server: { host: settings.host, port: settings.port, security: settings.security, username: settings.username },
    password,
  };
}

/** Keeps what the last connection test found, for the settings page: the failure and the SMTP replies. */
export function recordConnectionTest(shopId: string, answer: SmtpAnswer) {
  return prisma.emailSettings.update({
    where: { shopId },
    data: {
      lastTestAt: new Date(),
      lastTestOk: answer.ok,
      lastTestFailure: answer.ok ? null : (answer.failure ?? "other"),
      lastTestResponse: answer.replies.join("\n").slice(0, 4000),
    },
  });
}
