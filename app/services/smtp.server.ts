import net from "node:net";
import nodemailer from "nodemailer";
import type { SmtpAnswer, SmtpFailure, SmtpServerSettings } from "../lib/smtp-types";
import { resolveOutbound, type OutboundPolicy } from "./outbound.server";

export { SMTP_FAILURES, type SmtpAnswer, type SmtpFailure, type SmtpServerSettings } from "../lib/smtp-types";

/**
 * Talking to the shop's SMTP server with nodemailer: the transport options for each security
 * mode, a connection test that reports what the server said, and sending one message. Both go
 * only where the outbound policy allows (outbound.server.ts). Only the server's SMTP replies are
 * recorded (never the client's lines: they carry the credentials; never other text).
 */

export interface OutgoingMail {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };
const MAX_REPLY_LINES = 30;
const MAX_REPLY_LENGTH = 200;
const SMTP_REPLY = /^[2-5][0-9]{2}(?:[ -]|$)/;

/**
 * The SMTP reply lines in what a server sent ("250-SIZE 10240000", "535 5.7.8 Authentication
 * failed"): control and format characters removed, each line cut at 200 characters, at most 30.
 * Anything else a service says (an SSH banner, an HTTP answer, binary) is left out entirely.
 */
export function smtpReplies(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/[\p{Cc}\p{Cf}]/gu, "").trim())
    .filter((line) => SMTP_REPLY.test(line))
    .map((line) => line.slice(0, MAX_REPLY_LENGTH))
    .slice(0, MAX_REPLY_LINES);
}

/** What kind of failure a nodemailer error is (its `code`), or an outbound refusal. */
export function smtpFailureOf(error: unknown): SmtpFailure {
  if (error instanceof OutboundRefused) return error.reason;
  const code = (error as { code?: string } | null)?.code;
  switch (code) {
    case "EDNS":
      return "notFound";
    case "ECONNECTION":
    case "ETIMEDOUT":
    case "ESOCKET":
      return "connect";
    case "EPROTOCOL":
    case "EHLO":
      return "notSmtp";
    case "ETLS":
    case "EREQUIRETLS":
      return "tls";
    case "EAUTH":
      return "auth";
    case "EENVELOPE":
    case "EMESSAGE":
      return "rejected";
    default:
      return "other";
  }
}

/** The host was refused by the outbound policy, or does not resolve: no connection was made. */
export class OutboundRefused extends Error {
  constructor(readonly reason: "blocked" | "notFound") {
    super(reason === "blocked" ? "The SMTP server's address is not a public one." : "The SMTP server's name does not resolve.");
  }
}

async function checkedTarget(settings: SmtpServerSettings, policy: OutboundPolicy) {
  const target = await resolveOutbound(settings.host, settings.port, policy);
  if (!target.ok) throw new OutboundRefused(target.reason);
  return target;
}

function transportOptions(settings: SmtpServerSettings, target: { host: string; address: string }, password: string | null, lines: string[]) {
  const logger = {
    debug(entry: { tnx?: string }, message: unknown) {
      if (entry?.tnx === "server" && lines.length < MAX_REPLY_LINES) lines.push(...smtpReplies(String(message)));
    },
    info() {},
    warn() {},
    error() {},
    trace() {},
    fatal() {},
  };
  return {
    // The checked address, never the name again (outbound.server.ts); TLS checks the name.
    host: target.address,
    ...(net.isIP(target.host) ? {} : { servername: target.host }),
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

/**
 * An error as the owner reads it in the outreach history: the kind of failure and the server's
 * SMTP reply when there was one (sanitised), never other text a service sent.
 */
export function describeSmtpError(error: unknown): string {
  const failure = smtpFailureOf(error);
  const response = (error as { response?: unknown } | null)?.response;
  const reply = typeof response === "string" ? smtpReplies(response).join(" ") : "";
  // "other": the app's own errors (no settings, the code can no longer be sent, the password cannot be opened).
  const what = FAILURE_TEXT[failure] ?? (error instanceof Error ? error.message : String(error)).replace(/[\p{Cc}\p{Cf}]/gu, " ");
  return (reply ? `${what}: ${reply}` : what).slice(0, 1000);
}

// English, for the outreach history (the connection test translates the failure kind instead).
const FAILURE_TEXT: Partial<Record<SmtpFailure, string>> = {
  blocked: "Refused: the SMTP server's address is not a public one",
  notFound: "The SMTP server's name does not resolve",
  connect: "Could not connect to the SMTP server",
  notSmtp: "The server did not answer as an SMTP server",
  tls: "TLS with the SMTP server failed",
  auth: "The SMTP server refused the sign-in",
  rejected: "The SMTP server refused the message",
};

/**
 * Resolves and checks the host (refused before any connection when the policy says so), then
 * connects, negotiates TLS and signs in as configured (nodemailer's verify) and hangs up.
 */
export async function testSmtpConnection(settings: SmtpServerSettings, password: string | null, policy: OutboundPolicy): Promise<SmtpAnswer> {
  const replies: string[] = [];
  try {
    const target = await checkedTarget(settings, policy);
    const transport = nodemailer.createTransport(transportOptions(settings, target, password, replies));
    try {
      await transport.verify();
    } finally {
      transport.close();
    }
    return { ok: true, replies };
  } catch (error) {
    return { ok: false, replies, failure: smtpFailureOf(error) };
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
export async function sendSmtpMail(settings: SmtpServerSettings, password: string | null, mail: OutgoingMail, policy: OutboundPolicy): Promise<SentMail> {
  const target = await checkedTarget(settings, policy);
  const transport = nodemailer.createTransport(transportOptions(settings, target, password, []));
  try {
    const info = await transport.sendMail({ ...mail, disableFileAccess: true, disableUrlAccess: true });
    const addresses = (list: unknown) => (Array.isArray(list) ? list.map((a) => (typeof a === "string" ? a : String((a as { address?: string }).address))) : []);
    const rejected = addresses(info.rejected);
    if (rejected.length > 0) throw Object.assign(new Error(`Recipient refused: ${rejected.join(", ")}`), { code: "EENVELOPE", response: info.response });
    const response = smtpReplies(String(info.response ?? "")).join(" ");
    return { messageId: String(info.messageId ?? ""), response, accepted: addresses(info.accepted), rejected };
  } finally {
    transport.close();
  }
}
