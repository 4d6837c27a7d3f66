import type { InfluencerStatus } from "../../generated/prisma/enums";
import { INFLUENCER_STATUSES } from "../../lib/forms/influencer";
import { INFLUENCER_SORTS, type InfluencerSort } from "../../models/influencers.server";

export const PAGE_SIZE = 50;

/** The list's search, status tab, sort and page from the URL; anything unknown falls back to the default. */
export function listOptions(url: URL) {
  const status = url.searchParams.get("status")?.toUpperCase();
  const [sortKey, direction] = (url.searchParams.get("sort") ?? "name asc").split(" ");
  const page = Number(url.searchParams.get("page") ?? "1");
  return {
    query: (url.searchParams.get("query") ?? "").slice(0, 200),
    status: (INFLUENCER_STATUSES as readonly string[]).includes(status ?? "") ? (status as InfluencerStatus) : null,
    sort: (INFLUENCER_SORTS as readonly string[]).includes(sortKey) ? (sortKey as InfluencerSort) : "name",
    direction: direction === "desc" ? ("desc" as const) : ("asc" as const),
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}
