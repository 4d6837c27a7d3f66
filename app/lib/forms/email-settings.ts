import { z } from "zod";
import type { SmtpSecurity } from "../../generated/prisma/enums";
import type { MessageKey } from "../../i18n/messages";
import { requiredText } from "../form-validation";

export const SMTP_SECURITY = ["NONE", "STARTTLS", "TLS"] as const satisfies readonly SmtpSecurity[];

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/**
 * The SMTP settings form. The password is optional: left empty, the stored one is kept (the page
 * never shows it back). Ticking "clearPassword" removes it.
 */
export const emailSettingsSchema = z.object({
  host: requiredText(255).refine((h) => /^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/.test(h), "outreach.settings.host.invalid" satisfies MessageKey),
  port: z.coerce
    .number({ error: "outreach.settings.port.invalid" satisfies MessageKey })
    .int("outreach.settings.port.invalid" satisfies MessageKey)
    .min(1, "outreach.settings.port.invalid" satisfies MessageKey)
    .max(65535, "outreach.settings.port.invalid" satisfies MessageKey),
  security: z.enum(SMTP_SECURITY, { error: "validation.choice" satisfies MessageKey }),
  username: z.preprocess(blank, z.string().trim().max(255, "validation.tooLong" satisfies MessageKey).optional()).transform((s) => s ?? null),
  password: z.preprocess(blank, z.string().max(1000, "validation.tooLong" satisfies MessageKey).optional()),
  clearPassword: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
  fromEmail: z.preprocess(
    blank,
    z.email({ error: "validation.email" satisfies MessageKey }).max(254, "validation.tooLong" satisfies MessageKey),
  ),
});

export type EmailSettingsInput = z.output<typeof emailSettingsSchema>;

/** The daily summary card: on or off, and where it goes (empty: the From address). */
export const dailySummarySchema = z.object({
  dailySummary: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
  summaryTo: z
    .preprocess(blank, z.email({ error: "validation.email" satisfies MessageKey }).max(254, "validation.tooLong" satisfies MessageKey).optional())
    .transform((s) => s ?? null),
});

export type DailySummaryInput = z.output<typeof dailySummarySchema>;
