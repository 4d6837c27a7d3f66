import { describe, expect, it } from "vitest";
import { database } from "../app/db.server";
import { pendingMigrations, readMigrations } from "../app/db/migrations.server";
import { Session } from "@shopify/shopify-api";
import { createTestDatabase } from "./support/database";

describe("start-up order", () => {
  it("importing the Shopify setup touches no database (the unit tests have none to reach)", async () => {
    // vitest.config.ts gives DATABASE_URL a value the app refuses: opening the default database
    // while importing (as the session storage used to) would throw here.
    const shopify = await import("../app/shopify.server");
    expect(shopify.sessionStorage).toBeDefined();
  });

  it("migrates the embedded database before serving, then the session storage works", async () => {
    const db = await createTestDatabase({ migrate: false });
    try {
      const { prepareDatabase } = await import("../app/services/startup.server");
      const { sessionStorage } = await import("../app/shopify.server");
      if (database().kind === "pglite") {
        expect(await pendingMigrations(database())).toHaveLength(readMigrations().length);
        await prepareDatabase();
      } else {
        // A server is migrated by `npm run migrate:deploy`; start-up refuses to run without it.
        await expect(prepareDatabase()).rejects.toThrow(/missing \d+ migration\(s\).*npm run migrate:deploy/);
        const { applyMigrations } = await import("../app/db/migrations.server");
        await applyMigrations(database());
        await prepareDatabase();
      }
      expect(await pendingMigrations(database())).toEqual([]);
      const session = new Session({ id: "offline_a.myshopify.com", shop: "a.myshopify.com", state: "s", isOnline: false, accessToken: "shpat_x", scope: "read_orders" });
      expect(await sessionStorage!.storeSession(session)).toBe(true);
      expect((await sessionStorage!.loadSession(session.id))?.scope).toBe("read_orders");
    } finally {
      await db.destroy();
    }
  });
});
