/** True for Prisma's unique-constraint violation (P2002), whichever driver adapter raised it. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code } = error as { code?: unknown };
  if (code === "P2002") return true;
  // Some adapter paths surface the database's own SQLSTATE (unique_violation).
  const cause = (error as { cause?: { code?: unknown; originalCode?: unknown } }).cause;
  return cause?.code === "23505" || cause?.originalCode === "23505";
}

const CONSTRAINT_NAME = /unique constraint "([^"]+)"/;

/**
 * The unique index a unique violation names, or null when it is not one or names none. Neither
 * adapter gives it in a field: @prisma/adapter-pg raises P2002 whose meta lists the index's
 * columns (mangled for an expression index: `lower(name`) and keeps PostgreSQL's message in
 * meta.driverAdapterError.cause.originalMessage; pglite-prisma-adapter raises the adapter error
 * itself (SQLSTATE in cause.code, message in cause.message). Both messages name the index.
 */
export function violatedUniqueIndex(error: unknown): string | null {
  if (!isUniqueViolation(error)) return null;
  const e = error as {
    message?: unknown;
    cause?: { message?: unknown; originalMessage?: unknown };
    meta?: { target?: unknown; driverAdapterError?: { cause?: { originalMessage?: unknown } } };
  };
  if (typeof e.meta?.target === "string") return e.meta.target;
  for (const text of [e.meta?.driverAdapterError?.cause?.originalMessage, e.cause?.originalMessage, e.cause?.message, e.message]) {
    const match = typeof text === "string" ? CONSTRAINT_NAME.exec(text) : null;
    if (match) return match[1];
  }
  return null;
}

/** True when the error is a unique violation of one of these indexes. */
export function violatesUniqueIndex(error: unknown, indexes: readonly string[]): boolean {
  const index = violatedUniqueIndex(error);
  return index !== null && indexes.includes(index);
}
