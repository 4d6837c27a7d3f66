// Seeds the demo store into the embedded database (run by `npm run demo`; `--reset` re-seeds).
import prisma, { disconnectDatabase } from "../app/db.server";
import { demoDataExists, seedDemoStore } from "../app/demo/seed.server";
import { demoAdminClient } from "../app/services/admin-context.server";

const reset = process.argv.includes("--reset");
try {
  if (!reset && (await demoDataExists(prisma))) {
    console.log("Demo store already seeded (use `npm run demo -- --reset` to start over).");
  } else {
    const started = Date.now();
    const result = await seedDemoStore(prisma, demoAdminClient());
    console.log(
      `Seeded ${result.shop.name}: ${result.influencers} influencers, ${result.orders} orders, ` +
        `${result.costs} cost entries in ${Date.now() - started} ms.`,
    );
  }
} finally {
  await disconnectDatabase();
}
