/**
 * The reportable-order rule as a Prisma filter on AttributedOrder: not cancelled, not a test order.
 * The rule itself is the SQL function codetrail_is_reportable (prisma/sql/functions), which the
 * ledger, the rollups and raw queries use; tests/ledger/ledger-functions.test.ts holds this
 * filter equal to it on every combination.
 */
export const REPORTABLE_ORDER = { cancelledAt: null, test: false } as const;
