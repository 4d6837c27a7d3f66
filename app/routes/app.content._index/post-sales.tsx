import { useLoaderData } from "@remix-run/react";
import { useFormat, useT } from "../../i18n/use-i18n";
import type { loader } from "./route";

type PostLink = ReturnType<typeof useLoaderData<typeof loader>>["posts"][number]["link"];

/** What a post's tracking link brought: the funnel in words, net sales, and ROI on the post's own cost. */
export function usePostSalesCells() {
  const t = useT();
  const f = useFormat();
  const { currency } = useLoaderData<typeof loader>();
  return (link: PostLink) =>
    link
      ? [
          <span key="f" data-post-funnel>
            {t("content.funnel", { clicks: link.funnel.clicks, visits: link.funnel.visits, checkouts: link.funnel.checkouts, orders: link.funnel.orders })}
          </span>,
          <span key="n" data-post-net-sales>
            {f.money(link.funnel.netSales, currency)}
          </span>,
          <span key="r" data-post-roi>
            {f.percent(link.roiPercent)}
          </span>,
        ]
      : [t("content.noLink"), "—", "—"];
}
