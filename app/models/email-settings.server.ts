import prisma from "../db.server";
import type { EmailSettings } from "../generated/prisma/client";
import type { MessageKey } from "../i18n/messages";
import type { EmailSettingsInput } from "../lib/forms/email-settings";
import type { FieldErrors } from "../lib/form-validation";
import { canSeal, open, seal } from "../lib/secret-box.server";
import type { SmtpAnswer, SmtpFailure, SmtpServerSettings } from "../lib/smtp-types";

/**
 * The shop's SMTP settings. The password is sealed (app/lib/secret-box.server.ts) before it is
 * written and opened only to hand it to nodemailer; it is never sent back to the page.
 */


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
  dailySummary: boolean;
  summaryTo: string | null;
}

/** Settings a shop starts with when it has none (the caller decides which shops get any). */
export type StarterEmailSettings = Pick<EmailSettings, "host" | "port" | "security" | "fromEmail">;

/**
 * The stored settings; when there are none and `starter` is given, the shop starts with those
 * (the demo shop starts with the demo's own mail server, chosen in app/demo, not here).
 */
export async function findEmailSettings(shopId: string, starter: StarterEmailSettings | null = null): Promise<EmailSettings | null> {
  const stored = await prisma.emailSettings.findUnique({ where: { shopId } });
  if (stored || !starter) return stored;
  return prisma.emailSettings.upsert({ where: { shopId }, create: { shopId, ...starter }, update: {} });
}

/** The page's view of the settings; `demoMailbox` says whether they point at the demo's own mail server. */
export function viewOf(settings: EmailSettings | null, demoMailbox: boolean): EmailSettingsView | null {
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
    demoMailbox,
    dailySummary: settings.dailySummary,
    summaryTo: settings.summaryTo,
  };
}

export type SaveResult = { ok: true; settings: EmailSettings } | { ok: false; fieldErrors: FieldErrors };

/**
 * Saves the form; a new password is sealed, an empty one keeps the stored one. The caller has
 * checked the host against the outbound policy (app/services/email-settings.server.ts).
 */
export async function saveEmailSettings(shopId: string, input: EmailSettingsInput, keyFallback: Buffer | null = null): Promise<SaveResult> {
  let passwordSealed: string | null | undefined;
  if (input.clearPassword || !input.username) passwordSealed = null;
  else if (input.password !== undefined) {
    if (!canSeal(keyFallback)) return { ok: false, fieldErrors: { password: "outreach.settings.password.noKey" satisfies MessageKey } };
    passwordSealed = seal(input.password, shopId, keyFallback);
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

/** The settings and the opened password, for nodemailer (`keyFallback`: the deployment's key when CODETRAIL_ENCRYPTION_KEY is unset). */
export function credentialsOf(settings: EmailSettings, keyFallback: Buffer | null = null): { server: SmtpServerSettings; password: string | null } {
  let password: string | null = null;
  if (settings.passwordSealed) {
    password = open(settings.passwordSealed, settings.shopId, keyFallback);
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
