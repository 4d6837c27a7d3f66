import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvResponse } from "../lib/csv-export";
import { genericPayoutCsv, paypalMassPaymentCsv } from "../lib/payout-files";
import { approvedStatements } from "../models/payouts.server";
import { requireAdmin } from "../services/admin-context.server";

/**
 * GET /app/payouts.csv?format=paypal|generic: the approved statements awaiting payment as a PayPal
 * mass-payment file (no header; email, amount, currency, customer ID, note, PAYPAL; influencers
 * without an email are left out, the payouts page names them) or a generic CSV with a header.
 * A bad format is a 400 with a reason.
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const format = new URL(request.url).searchParams.get("format") ?? "generic";
  if (format !== "paypal" && format !== "generic") {
    return new Response("format must be paypal or generic", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const statements = await approvedStatements(shop.id);
  if (format === "paypal") {
    const body = paypalMassPaymentCsv(statements, (s) => `Commission ${shop.name} to ${s.periodEnd}`);
    return csvResponse(body, `codetrail-payouts-paypal.csv`);
  }
  return csvResponse(genericPayoutCsv(statements), `codetrail-payouts.csv`);
};
