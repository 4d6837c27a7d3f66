import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as index from "../app/routes/_index";
import * as login from "../app/routes/auth.login/route";
import { createTestDatabase, type TestDatabase } from "./support/database";
import { callRoute } from "./support/routes";

// Outside the admin (production mode, no demo): the app's root and Shopify's login path.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

const install = "https://admin.shopify.com/store/jane-boutique/oauth/install?client_id=test-api-key";

describe("/auth/login", () => {
  it("shows the form without errors, and sends a shop in the query straight to Shopify", async () => {
    expect(await callRoute(login.loader, { path: "/auth/login" })).toEqual({ status: 200, body: { errors: {} }, location: null });
    expect(await callRoute(login.loader, { path: "/auth/login?shop=jane-boutique.myshopify.com" })).toMatchObject({ status: 302, location: install });
  });

  it("explains a missing or invalid shop, and sends a valid one (with or without .myshopify.com) to Shopify", async () => {
    const post = (shop: string) => callRoute(login.action, { path: "/auth/login", form: { shop } });
    expect((await post("")).body).toEqual({ errors: { shop: "login.error.missingShop" } });
    expect((await post("not a shop!")).body).toEqual({ errors: { shop: "login.error.invalidShop" } });
    expect(await post("jane-boutique")).toMatchObject({ status: 302, location: install });
    expect(await post("https://jane-boutique.myshopify.com/")).toMatchObject({ status: 302, location: install });
  });
});

describe("/", () => {
  it("shows the login form without a shop, and passes Shopify's query on to /app", async () => {
    expect(await callRoute(index.loader, { path: "/" })).toEqual({ status: 200, body: null, location: null });
    expect(await callRoute(index.loader, { path: "/?embedded=1&shop=jane-boutique.myshopify.com&host=abc" })).toMatchObject({
      status: 302,
      location: "/app?embedded=1&shop=jane-boutique.myshopify.com&host=abc",
    });
  });
});
