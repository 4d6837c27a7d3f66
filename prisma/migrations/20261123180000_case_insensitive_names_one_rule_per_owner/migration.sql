-- Uniqueness that schema.prisma cannot express, enforced by the database
-- (docs/decisions/011-database-uniqueness.md; the indexes are declared in app/db/raw-schema.ts):
-- influencer and campaign names unique per shop regardless of case, and one commission rule per
-- owner (an influencer's own rule, a campaign's rule).
--
-- Rows that already break these rules are resolved deterministically first, so the migration
-- never fails on a shop's data and runs the same on every database:
-- * names: in each shop the oldest row (createdAt, then id) keeps the name; every later case
--   variant is renamed "<name> (2)", "<name> (3)", … (the first suffix no name of the shop uses in
--   any case). Each rename is reported with RAISE NOTICE.
-- * commission rules: the owner keeps its newest rule (createdAt, then id), the one
--   codetrail_commission and app/lib/commission.ts already apply, so no figure changes; the
--   older rules, which nothing reads, are deleted.

DO $$
DECLARE
  t TEXT;
  r RECORD;
  n INTEGER;
  candidate TEXT;
  taken BOOLEAN;
BEGIN
  FOREACH t IN ARRAY ARRAY['Influencer', 'Campaign'] LOOP
    FOR r IN EXECUTE format(
      'SELECT id, "shopId", name FROM (
         SELECT id, "shopId", name,
                row_number() OVER (PARTITION BY "shopId", lower(name) ORDER BY "createdAt", id COLLATE "C") AS rank
           FROM %I) ranked
        WHERE rank > 1
        ORDER BY "shopId", lower(name), rank', t)
    LOOP
      n := 2;
      LOOP
        candidate := r.name || ' (' || n || ')';
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE "shopId" = $1 AND lower(name) = lower($2))', t)
          INTO taken USING r."shopId", candidate;
        EXIT WHEN NOT taken;
        n := n + 1;
      END LOOP;
      EXECUTE format('UPDATE %I SET name = $1, "updatedAt" = timezone(''UTC'', now()) WHERE id = $2', t)
        USING candidate, r.id;
      RAISE NOTICE '% % in shop %: "%" renamed "%" (its name differed from an older one only by case)',
        t, r.id, r."shopId", r.name, candidate;
    END LOOP;
  END LOOP;
END $$;

DELETE FROM "CommissionRule" r
 USING (SELECT id, row_number() OVER (PARTITION BY "influencerId" ORDER BY "createdAt" DESC, id COLLATE "C" DESC) AS rank
          FROM "CommissionRule" WHERE "influencerId" IS NOT NULL AND "campaignId" IS NULL) older
 WHERE r.id = older.id AND older.rank > 1;

DELETE FROM "CommissionRule" r
 USING (SELECT id, row_number() OVER (PARTITION BY "campaignId" ORDER BY "createdAt" DESC, id COLLATE "C" DESC) AS rank
          FROM "CommissionRule" WHERE "campaignId" IS NOT NULL AND "influencerId" IS NULL) older
 WHERE r.id = older.id AND older.rank > 1;

CREATE UNIQUE INDEX "Influencer_shopId_lower_name_key" ON "Influencer"("shopId", lower("name"));

CREATE UNIQUE INDEX "Campaign_shopId_lower_name_key" ON "Campaign"("shopId", lower("name"));

CREATE UNIQUE INDEX "CommissionRule_influencerId_owner_key" ON "CommissionRule"("influencerId") WHERE "campaignId" IS NULL;

CREATE UNIQUE INDEX "CommissionRule_campaignId_owner_key" ON "CommissionRule"("campaignId") WHERE "influencerId" IS NULL;
