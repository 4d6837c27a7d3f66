/** True for Prisma's unique-constraint violation (P2002), whichever driver adapter raised it. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code } = error as { code?: unknown };
  if (code === "P2002") return true;
  // Some adapter paths surface the database's own SQLSTATE (unique_violation).
  const cause = (error as { cause?: { code?: unknown; originalCode?: unknown } }).cause;
  return cause?.code === "23505" || cause?.originalCode === "23505";
}
