import type { ActionFunctionArgs } from "@remix-run/node";
import prisma from "../db.server";
import { markShopUninstalled } from "../models/shop.server";
import { authenticate } from "../shopify.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, session } = await authenticate.webhook(request);
  // The webhook can fire again after the app is uninstalled; sessions may already be gone.
  if (session) await prisma.session.deleteMany({ where: { shop } });
  await markShopUninstalled(shop);
  return new Response();
};
