/**
 * Database objects that schema.prisma cannot express (expression and partial indexes), created by
 * hand-written migrations (docs/decisions/011-database-uniqueness.md). tests/migrations.test.ts
 * allows exactly these, with exactly these definitions, on top of what schema.prisma builds; any
 * other difference between the migrations and the schema still fails it.
 */
export interface RawOnlyIndex {
  name: string;
  table: string;
  /** What PostgreSQL's pg_indexes.indexdef shows after `USING btree `. */
  definition: string;
}

/** Names are unique per shop regardless of case ("jane porter" is Jane Porter again). */
export const INFLUENCER_NAME_INDEX = "Influencer_shopId_lower_name_key";
export const CAMPAIGN_NAME_INDEX = "Campaign_shopId_lower_name_key";
/** One open commission term per owner (an influencer's own, a campaign's); closed terms are history (decision 029). */
export const INFLUENCER_RULE_INDEX = "CommissionRule_influencerId_owner_key";
export const CAMPAIGN_RULE_INDEX = "CommissionRule_campaignId_owner_key";
/** One unfinished job per dedupe key (a backfill of a code, a shop's reconciliation): decision 021. */
export const JOB_DEDUPE_INDEX = "BackgroundJob_unfinished_dedupe_key";

export const RAW_ONLY_INDEXES: readonly RawOnlyIndex[] = [
  { name: INFLUENCER_NAME_INDEX, table: "Influencer", definition: `("shopId", lower(name))` },
  { name: CAMPAIGN_NAME_INDEX, table: "Campaign", definition: `("shopId", lower(name))` },
  { name: INFLUENCER_RULE_INDEX, table: "CommissionRule", definition: `("influencerId") WHERE (("campaignId" IS NULL) AND ("endsOn" IS NULL))` },
  { name: CAMPAIGN_RULE_INDEX, table: "CommissionRule", definition: `("campaignId") WHERE (("influencerId" IS NULL) AND ("endsOn" IS NULL))` },
  {
    name: JOB_DEDUPE_INDEX,
    table: "BackgroundJob",
    definition: `("shopId", kind, "dedupeKey") WHERE (("dedupeKey" IS NOT NULL) AND (status = ANY (ARRAY['QUEUED'::"JobStatus", 'RUNNING'::"JobStatus"])))`,
  },
];

/** The index definition exactly as pg_indexes.indexdef shows it. */
export function rawIndexDef(index: RawOnlyIndex): string {
  return `CREATE UNIQUE INDEX "${index.name}" ON public."${index.table}" USING btree ${index.definition}`;
}
