import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOP } from "../../app/demo/demo-store.server";
import { adminQuery, type AdminGraphqlClient } from "../../app/services/admin-client.server";
import { createAdminEmulator } from "../../app/demo/admin-emulator/emulator.server";
import { syncShopDetails } from "../../app/services/shop-sync.server";
import { activateWebPixel } from "../../app/services/web-pixel.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { deliver, sampleRaw } from "./helpers";

/**
 * Uninstall and reinstall, as Shopify does them: app/uninstalled ends the install and forgets the
 * shop's web pixel (Shopify removes the app's pixel with the app), and the install hook
 * (shopify.server.ts afterAuth: syncShopDetails, then activateWebPixel) brings the pixel back,
 * whatever happened to the id CodeTrail had stored. The Admin API is the local emulator, which
 * validates every document against Shopify's schema.
 */

const DOMAIN = "reinstall.myshopify.com";
const APP_URL = "https://codetrail.example.com";

let db: TestDatabase;
let admin: AdminGraphqlClient;
beforeAll(async () => {
  db = await createTestDatabase();
  admin = createAdminEmulator({ store: { db: db.prisma, shop: { ...DEMO_SHOP, id: "548380009", domain: DOMAIN, name: "Reinstall" } } });
});
afterAll(async () => {
  await db.destroy();
});

/** What afterAuth does on install and token renewal. */
async function install(client: AdminGraphqlClient = admin) {
  const shop = await syncShopDetails(admin, DOMAIN);
  return activateWebPixel(client, shop, APP_URL);
}

const storedShop = () => db.prisma.shop.findUniqueOrThrow({ where: { domain: DOMAIN } });

/** Shopify removes an app's pixel when the app is uninstalled (or the merchant disconnects it). */
async function removePixelInShopify(id: string) {
  const { webPixelDelete } = await adminQuery<{ webPixelDelete: { deletedWebPixelId: string | null } }>(
    admin,
    `#graphql
      mutation RemovePixel($id: ID!) { webPixelDelete(id: $id) { deletedWebPixelId userErrors { code message } } }`,
    { id },
  );
  expect(webPixelDelete.deletedWebPixelId).toBe(id);
}

function activated(result: Awaited<ReturnType<typeof activateWebPixel>>): string {
  if (!result.ok) throw new Error(`pixel not activated: ${result.error}`);
  return result.id;
}

describe("uninstall, then reinstall", () => {
  it("app/uninstalled forgets the web pixel id; the reinstall creates a new pixel and stores its id", async () => {
    const first = activated(await install());
    expect((await storedShop()).webPixelId).toBe(first);

    const response = await deliver("app/uninstalled", sampleRaw("2026-07", "app/uninstalled"), { shop: DOMAIN });
    expect(response.status).toBe(200);
    const uninstalled = await storedShop();
    expect(uninstalled.webPixelId).toBeNull();
    expect(uninstalled.uninstalledAt).not.toBeNull();
    await removePixelInShopify(first);

    const second = activated(await install());
    expect(second).not.toBe(first);
    const reinstalled = await storedShop();
    expect(reinstalled.webPixelId).toBe(second);
    expect(reinstalled.uninstalledAt).toBeNull();
  });

  it("recreates the pixel when webPixelUpdate on the old id fails with a GraphQL error", async () => {
    // The uninstall webhook never came: the shop still holds the id of a pixel Shopify removed,
    // and Shopify refuses the update of an id it no longer knows with a top-level error.
    const old = (await storedShop()).webPixelId!;
    await removePixelInShopify(old);
    const refusingOldId: AdminGraphqlClient = {
      graphql: (query, options) =>
        query.includes("webPixelUpdate")
          ? Promise.resolve(Response.json({ errors: [{ message: `Invalid id: ${String(options?.variables?.id)}`, extensions: { code: "RESOURCE_NOT_FOUND" } }] }))
          : admin.graphql(query, options),
    };
    const recreated = activated(await install(refusingOldId));
    expect(recreated).not.toBe(old);
    expect((await storedShop()).webPixelId).toBe(recreated);
  });

  it("recreates the pixel when webPixelUpdate answers NOT_FOUND", async () => {
    const old = (await storedShop()).webPixelId!;
    await removePixelInShopify(old);
    const recreated = activated(await install());
    expect(recreated).not.toBe(old);
    expect((await storedShop()).webPixelId).toBe(recreated);
  });

  it("adopts the shop's existing pixel when the create is answered TAKEN (the id was lost)", async () => {
    const existing = (await storedShop()).webPixelId!;
    await db.prisma.shop.update({ where: { domain: DOMAIN }, data: { webPixelId: null } });
    expect(activated(await install())).toBe(existing);
    expect((await storedShop()).webPixelId).toBe(existing);
  });

  it("a token renewal with the pixel in place only updates it", async () => {
    const existing = (await storedShop()).webPixelId!;
    expect(activated(await install())).toBe(existing);
    expect((await storedShop()).webPixelId).toBe(existing);
  });
});
