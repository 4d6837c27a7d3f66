import nodemailer from "nodemailer";
import type { SmtpSecurity } from "../generated/prisma/enums";

/**
 * Talking to the shop's SMTP server with nodemailer: the transport options for each security
 * mode, a connection test that reports what the server said, and sending one message. Only the
 * server's lines are recorded (never the client's: they carry the credentials).
 */

export interface SmtpServerSettings {
  host: string;
  port: number;
  security: SmtpSecurity;
  username: string | null;
}

export interface OutgoingMail {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

export interface SmtpAnswer {
  ok: boolean;
  /** The server's lines (greeting, EHLO, AUTH and DATA replies), at most a few kilobytes. */
  transcript: string[];
  /** What went wrong, in the server's words when it answered (e.g. "535 5.7.8 Authentication failed"). */
  error?: string;
}

const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

function transportOptions(settings: SmtpServerSettings, password: string | null, transcript: string[]) {
  const logger = {
    debug(entry: { tnx?: string }, message: unknown) {
      if (entry?.tnx === "server" && transcript.length < 40) transcript.push(String(message).slice(0, 500));
    },
    info() {},
    warn() {},
    error() {},
    trace() {},
    fatal() {},
  };
  return {
    host: settings.host,
    port: settings.port,
    secure: settings.security === "TLS",
    requireTLS: settings.security === "STARTTLS",
    ignoreTLS: settings.security === "NONE",
    auth: settings.username ? { user: settings.username, pass: password ?? "" } : undefined,
    transactionLog: true,
    logger,
    ...TIMEOUTS,
  };
}

/** An error as the owner should read it: the server's reply when there was one, else the cause. */
export function describeSmtpError(error: unknown): string {
  const e = error as { message?: string; code?: string; response?: string; responseCode?: number; command?: string };
  const parts: string[] = [];
  if (e?.code) parts.push(e.code);
  if (e?.response) parts.push(e.command ? `${e.command}: ${e.response}` : e.response);
  else if (e?.message) parts.push(e.message);
  return (parts.join(" — ") || String(error)).slice(0, 1000);
}

/** Connects, negotiates TLS and signs in as configured (nodemailer's verify), then hangs up. */
export async function testSmtpConnection(settings: SmtpServerSettings, password: string | null): Promise<SmtpAnswer> {
  const transcript: string[] = [];
  const transport = nodemailer.createTransport(transportOptions(settings, password, transcript));
  try {
    await transport.verify();
    return { ok: true, transcript };
  } catch (error) {
    return { ok: false, transcript, error: describeSmtpError(error) };
  } finally {
    transport.close();
  }
}

export interface SentMail {
  messageId: string;
  /** The server's reply to the message's DATA (e.g. "250 2.0.0 Ok: queued as 4F2A1"). */
  response: string;
  accepted: string[];
  rejected: string[];
}

/** Sends one message; throws with the server's reply when it refuses the sender, recipient or data. */
export async function sendSmtpMail(settings: SmtpServerSettings, password: string | null, mail: OutgoingMail): Promise<SentMail> {
  const transcript: string[] = [];
  const transport = nodemailer.createTransport(transportOptions(settings, password, transcript));
  try {
    const info = await transport.sendMail({ ...mail, disableFileAccess: true, disableUrlAccess: true });
    const addresses = (list: unknown) => (Array.isArray(list) ? list.map((a) => (typeof a === "string" ? a : String((a as { address?: string }).address))) : []);
    const rejected = addresses(info.rejected);
    if (rejected.length > 0) throw Object.assign(new Error(`Recipient refused: ${rejected.join(", ")}`), { response: info.response });
    return { messageId: String(info.messageId ?? ""), response: String(info.response ?? ""), accepted: addresses(info.accepted), rejected };
  } finally {
    transport.close();
  }
}
