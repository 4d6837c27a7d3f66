import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { reportFileName } from "../lib/customer-data-report";
import { notFound } from "../lib/http.server";
import { findCustomerDataReport } from "../models/customer-data-reports.server";
import { requireAdmin } from "../services/admin-context.server";

/**
 * GET /app/data-requests/<id>/download: one customers/data_request report of the shop as a JSON
 * file, exactly as stored, named by the server. Fetched by the page's DownloadButton (the admin's
 * ID token rides on fetch only). Another shop's report, or none: 404.
 */

const params = z.object({ id: z.uuid() });

export const loader = async ({ request, params: routeParams }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const parsed = params.safeParse(routeParams);
  if (!parsed.success) {
    return new Response("Bad report id: expected the id of a data request listed on /app/data-requests.\n", {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const report = await findCustomerDataReport(shop.id, parsed.data.id);
  if (!report) notFound();
  return new Response(report.report, {
    status: 200,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${reportFileName(report)}"`,
      "Cache-Control": "private, no-store",
    },
  });
};
