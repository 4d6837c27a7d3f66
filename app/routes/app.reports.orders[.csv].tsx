import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { csvFileName, csvResponse, parseCsvQuery } from "../lib/csv-export";
import { neutraliseFormula } from "../lib/csv";
import { eachAttributedOrder, orderView } from "../models/attributed-orders.server";
import { requireAdmin } from "../services/admin-context.server";

/**
 * GET /app/reports/orders.csv?from&to[&influencer=ID][&campaign=ID]: every attributed order of
 * the period (shop-local days), oldest first, with how it was matched. Streamed a page of the
 * ledger at a time, so a large shop's export never sits in memory. Money in shop currency, dot
 * decimals; the order's own currency (what the customer paid in) beside it. No customer data.
 */

export const ORDERS_CSV_HEADER = [
  "order_id",
  "order",
  "date",
  "influencer_id",
  "influencer",
  "campaign_id",
  "campaign",
  "matched_by",
  "code",
  "link",
  "sales",
  "discounts",
  "refunded",
  "net_sales",
  "currency",
  "presentment_currency",
  "new_customer",
  "status",
] as const;

/** How the order was matched: its code, its tracking link, or its buyer's survey answer (decisions 037, 038). */
const MATCHED_BY = { DISCOUNT_CODE: "code", TRACKING_LINK: "link", SURVEY: "survey" } as const;

const line = (cells: string[]) => stringify([cells], { record_delimiter: "windows" });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const parsed = parseCsvQuery(new URL(request.url).searchParams);
  if (!parsed.ok) return parsed.response;
  const { query } = parsed;
  const orders = eachAttributedOrder({ shopId: shop.id, range: query.range, influencerId: query.influencerId, campaignId: query.campaignId });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(line([...ORDERS_CSV_HEADER])));
    },
    async pull(controller) {
      const next = await orders.next();
      if (next.done) return controller.close();
      const o = orderView(next.value);
      controller.enqueue(
        encoder.encode(
          line([
            o.id,
            neutraliseFormula(o.name),
            o.date,
            o.influencer?.id ?? "",
            neutraliseFormula(o.influencer?.name ?? ""),
            o.campaign?.id ?? "",
            neutraliseFormula(o.campaign?.name ?? ""),
            MATCHED_BY[o.source],
            neutraliseFormula(o.code ?? ""),
            neutraliseFormula(o.link ?? ""),
            o.sales,
            o.discounts,
            o.refunded,
            o.net,
            o.currency,
            o.presentmentCurrency,
            o.newCustomer ? "yes" : "no",
            o.status ?? "",
          ]),
        ),
      );
    },
    async cancel() {
      await orders.return(undefined);
    },
  });
  return csvResponse(body, csvFileName("orders", query));
};
