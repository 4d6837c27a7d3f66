import { pingDatabase } from "../models/health.server";

// Liveness and database reachability for load balancers and the demo start-up check.
export const loader = async () => {
  await pingDatabase();
  return Response.json({ ok: true });
};
