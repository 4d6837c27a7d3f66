import { stringify } from "csv-stringify/sync";
import { neutraliseFormula, toCsv } from "./csv";

/**
 * Payout files for approved statements (decision 029), amounts as 2-decimal strings (decimal
 * upstream, never floats):
 *
 * - **PayPal mass payment** (Payouts Web upload): no header row; per recipient
 *   `recipient email, amount, currency, customer ID, note, wallet` with wallet `PAYPAL`. The customer
 *   ID (at most 30 characters, no spaces) is the statement's id without dashes, cut to 30, so a
 *   returned PayPal report names the statement. One currency per file (the shop's). Statements of
 *   influencers without an email cannot be in it; the caller lists them.
 * - **Generic CSV**: a header and every approved statement, for any other payment tool.
 */

export interface PayableStatement {
  id: string;
  influencerId: string;
  influencerName: string;
  email: string | null;
  periodStart: string | null;
  periodEnd: string;
  total: string;
  currency: string;
}

export const PAYPAL_NOTE_MAX = 400;

export function paypalCustomerId(statementId: string): string {
  return statementId.replace(/[^A-Za-z0-9]/g, "").slice(0, 30);
}

export function paypalMassPaymentCsv(statements: readonly PayableStatement[], note: (s: PayableStatement) => string): string {
  const rows = statements
    .filter((s) => s.email)
    .map((s) => [s.email as string, s.total, s.currency, paypalCustomerId(s.id), neutraliseFormula(note(s)).slice(0, PAYPAL_NOTE_MAX), "PAYPAL"]);
  return stringify(rows, { record_delimiter: "windows" });
}

export const GENERIC_PAYOUT_HEADER = ["statement_id", "influencer_id", "influencer", "email", "period_start", "period_end", "amount", "currency"];

export function genericPayoutCsv(statements: readonly PayableStatement[]): string {
  return toCsv(
    GENERIC_PAYOUT_HEADER,
    statements.map((s) => [
      s.id,
      s.influencerId,
      neutraliseFormula(s.influencerName),
      neutraliseFormula(s.email ?? ""),
      s.periodStart ?? "",
      s.periodEnd,
      s.total,
      s.currency,
    ]),
  );
}
