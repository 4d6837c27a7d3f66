-- The reportable-order rule (docs/metrics.md), defined once: a stored order counts in the reports,
-- rollups and commission unless it is cancelled or a test order. app/lib/reportable.ts is the same
-- rule as a Prisma filter; tests/ledger/ledger-functions.test.ts holds the two equal.
CREATE OR REPLACE FUNCTION codetrail_is_reportable(p_cancelled_at TIMESTAMP(3), p_test BOOLEAN)
RETURNS BOOLEAN LANGUAGE sql IMMUTABLE AS $$
  SELECT p_cancelled_at IS NULL AND NOT p_test
$$;
