import prisma from "../db.server";

// Liveness and database reachability for load balancers and the demo start-up check.
export const loader = async () => {
  await prisma.$queryRaw`SELECT 1`;
  return Response.json({ ok: true });
};
