// Prepares the embedded database for `npm run demo`: applies migrations in-process and seeds the
// demo store (`--reset` re-seeds). One process opens and cleanly closes the PGlite directory.
import prisma, { database, disconnectDatabase } from "../app/db.server";
import { applyMigrations } from "../app/db/migrations.server";
import { demoAdminClient } from "../app/demo/demo-admin.server";
import { demoDataExists, seedDemoStore } from "../app/demo/seed.server";

const reset = process.argv.includes("--reset");
try {
  const db = database();
  const ran = await applyMigrations(db);
  console.log(ran.length ? `Applied migrations: ${ran.join(", ")}.` : "Database schema is up to date.");
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
