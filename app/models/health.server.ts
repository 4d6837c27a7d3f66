import prisma from "../db.server";

/** Resolves when the database answers a trivial query; rejects when it is unreachable. */
export async function pingDatabase(): Promise<void> {
  await prisma.$queryRaw`SELECT 1`;
}
