import type { SmtpSecurity } from "../generated/prisma/enums";

/** The shapes shared by the SMTP service (app/services/smtp.server.ts) and the email settings model: data only, no I/O. */

export interface SmtpServerSettings {
  host: string;
  port: number;
  security: SmtpSecurity;
  username: string | null;
}

/**
 * Why a connection test or a send failed, as the merchant reads it (translated on the page):
 * - blocked: the host is, or resolves to, an address outbound connections may not reach
 *   (app/services/outbound.server.ts); decided before any connection, so a private port that is
 *   open, closed or filtered all look the same;
 * - notFound: the name does not resolve; connect: no connection (refused, unreachable, timed out);
 * - notSmtp: something answered, but not as an SMTP server does; tls: TLS failed;
 * - auth: the server refused the user name or password; rejected: it refused sender, recipient or
 *   message; password: the stored password cannot be opened (CODETRAIL_ENCRYPTION_KEY missing or
 *   changed); other: anything else.
 */
export const SMTP_FAILURES = ["blocked", "notFound", "connect", "notSmtp", "tls", "auth", "rejected", "password", "other"] as const;
export type SmtpFailure = (typeof SMTP_FAILURES)[number];

export interface SmtpAnswer {
  ok: boolean;
  /** The server's SMTP replies (greeting, EHLO, AUTH, DATA), sanitised (smtpReplies), never other text. */
  replies: string[];
  failure?: SmtpFailure;
}
