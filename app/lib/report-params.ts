import { z } from "zod";
import { Platform } from "../generated/prisma/enums";
import { addDays, shopDateOf, type DateRange, type IsoDate } from "./shop-dates";

/**
 * Report filters live in the URL (shareable links): `range` (7d, 30d, 90d, month, custom), `from`
 * and `to` (YYYY-MM-DD, with custom), `compare` (0 hides the previous period), `campaign`,
 * `platform`, `sort`, `dir` and `page`. Each parameter is checked on its own: a bad one is reported
 * (translated on the page) and replaced by its default, the others still apply.
 */

export const RANGE_PRESETS = ["7d", "30d", "90d", "month", "custom"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export const PLATFORMS = Object.values(Platform);

/** The longest range a report covers (two years of days). */
export const MAX_RANGE_DAYS = 731;

export type ParamProblem =
  | { param: "range"; problem: "preset" }
  | { param: "from" | "to"; problem: "date" }
  | { param: "to"; problem: "order" }
  | { param: "to"; problem: "length" }
  | { param: "campaign" | "influencer"; problem: "id" }
  | { param: "platform"; problem: "platform" }
  | { param: "sort" | "dir" | "page" | "compare"; problem: "value" };

/** A real calendar date written YYYY-MM-DD (2026-02-30 and 2026-99-01 are not). */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export const isoDate = z.string().refine(isIsoDate, "must be a date written YYYY-MM-DD");
const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** The period of the same length that ends the day before `range` starts. */
export function previousPeriod(range: DateRange): DateRange {
  const days = daysBetween(range.from, range.to);
  return { from: addDays(range.from, -days), to: addDays(range.from, -1) };
}

export function presetRange(preset: Exclude<RangePreset, "custom">, ianaTimezone: string, now = new Date()): DateRange {
  const today = shopDateOf(now, ianaTimezone);
  if (preset === "month") return { from: `${today.slice(0, 8)}01`, to: today };
  const days = { "7d": 7, "30d": 30, "90d": 90 }[preset];
  return { from: addDays(today, -(days - 1)), to: today };
}

export interface ReportQuery<Sort extends string = string> {
  preset: RangePreset;
  range: DateRange;
  previous: DateRange | null;
  campaignId: string | null;
  platform: Platform | null;
  sort: Sort;
  dir: "asc" | "desc";
  page: number;
}

export interface ParseOptions<Sort extends string> {
  ianaTimezone: string;
  now?: Date;
  sortKeys?: readonly Sort[];
  defaultSort?: Sort;
  defaultPreset?: RangePreset;
  /** The range without range/from/to parameters (a campaign's own dates), instead of the preset's. */
  defaultRange?: DateRange;
}

export function parseReportParams<Sort extends string = string>(
  params: URLSearchParams,
  options: ParseOptions<Sort>,
): { query: ReportQuery<Sort>; problems: ParamProblem[] } {
  const problems: ParamProblem[] = [];
  const get = (name: string) => {
    const value = params.get(name);
    return value === null || value.trim() === "" ? null : value.trim();
  };

  let preset: RangePreset = options.defaultPreset ?? "30d";
  const rawPreset = get("range");
  const rawFrom = get("from");
  const rawTo = get("to");
  if (rawPreset !== null) {
    const parsed = z.enum(RANGE_PRESETS).safeParse(rawPreset);
    if (parsed.success) preset = parsed.data;
    else problems.push({ param: "range", problem: "preset" });
  } else if (rawFrom !== null || rawTo !== null || options.defaultRange) {
    preset = "custom";
  }

  const unspecified = rawPreset === null && rawFrom === null && rawTo === null;
  let range: DateRange | null = unspecified ? (options.defaultRange ?? null) : null;
  if (preset === "custom" && !range) {
    const from = isoDate.safeParse(rawFrom);
    const to = isoDate.safeParse(rawTo ?? shopDateOf(options.now ?? new Date(), options.ianaTimezone));
    if (!from.success) problems.push({ param: "from", problem: "date" });
    if (!to.success) problems.push({ param: "to", problem: "date" });
    if (from.success && to.success) {
      if (from.data > to.data) problems.push({ param: "to", problem: "order" });
      else if (daysBetween(from.data, to.data) > MAX_RANGE_DAYS) problems.push({ param: "to", problem: "length" });
      else range = { from: from.data, to: to.data };
    }
    if (!range) preset = options.defaultPreset && options.defaultPreset !== "custom" ? options.defaultPreset : "30d";
  }
  range ??= presetRange(preset as Exclude<RangePreset, "custom">, options.ianaTimezone, options.now);

  let compare = true;
  const rawCompare = get("compare");
  if (rawCompare !== null) {
    if (rawCompare === "0" || rawCompare === "1") compare = rawCompare === "1";
    else problems.push({ param: "compare", problem: "value" });
  }

  const optional = <T>(name: "campaign" | "platform", schema: z.ZodType<T>, problem: ParamProblem): T | null => {
    const raw = get(name);
    if (raw === null) return null;
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    problems.push(problem);
    return null;
  };
  const campaignId = optional("campaign", id, { param: "campaign", problem: "id" });
  const platform = optional("platform", z.enum(PLATFORMS), { param: "platform", problem: "platform" });

  const sortKeys = options.sortKeys ?? [];
  let sort = (options.defaultSort ?? sortKeys[0] ?? "") as Sort;
  const rawSort = get("sort");
  if (rawSort !== null) {
    if ((sortKeys as readonly string[]).includes(rawSort)) sort = rawSort as Sort;
    else problems.push({ param: "sort", problem: "value" });
  }
  let dir: "asc" | "desc" = "desc";
  const rawDir = get("dir");
  if (rawDir !== null) {
    if (rawDir === "asc" || rawDir === "desc") dir = rawDir;
    else problems.push({ param: "dir", problem: "value" });
  }
  let page = 1;
  const rawPage = get("page");
  if (rawPage !== null) {
    const parsed = z.coerce.number().int().min(1).max(100_000).safeParse(rawPage);
    if (parsed.success) page = parsed.data;
    else problems.push({ param: "page", problem: "value" });
  }

  return {
    query: { preset, range, previous: compare ? previousPeriod(range) : null, campaignId, platform, sort, dir, page },
    problems,
  };
}

/**
 * The days a campaign's pages open on: its own dates, up to today for a running campaign (a
 * campaign that has not started shows its first day), at most MAX_RANGE_DAYS ending with its
 * last day.
 */
export function campaignRange(campaign: { startsOn: IsoDate; endsOn: IsoDate | null }, today: IsoDate): DateRange {
  const last = campaign.endsOn && campaign.endsOn < today ? campaign.endsOn : today;
  const to = last < campaign.startsOn ? campaign.startsOn : last;
  const from = daysBetween(campaign.startsOn, to) > MAX_RANGE_DAYS ? addDays(to, -(MAX_RANGE_DAYS - 1)) : campaign.startsOn;
  return { from, to };
}
