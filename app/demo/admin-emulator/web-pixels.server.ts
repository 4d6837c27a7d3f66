import type { RootResolver } from "./resolvers.server";

/**
 * The emulated store's web pixel (one per app and shop, as in Shopify): webPixelCreate answers
 * TAKEN for a second one, webPixelUpdate NOT_FOUND for an unknown id, webPixel (no id) returns the
 * app's pixel, webPixelDelete removes it (as uninstalling the app does). Kept in memory per shop.
 */
const pixels = new Map<string, { id: string; settings: string }>();
let nextId = 1;

function parseSettings(settings: unknown): { ok: true; text: string } | { ok: false } {
  try {
    const value = typeof settings === "string" ? JSON.parse(settings) : settings;
    if (typeof value !== "object" || value === null || typeof (value as { endpoint?: unknown }).endpoint !== "string") return { ok: false };
    return { ok: true, text: JSON.stringify(value) };
  } catch {
    return { ok: false };
  }
}

const invalid = { code: "INVALID_SETTINGS", field: ["settings"], message: "Settings are invalid" };

export function webPixelResolvers(shopDomain: string): Record<string, RootResolver> {
  return {
    webPixelCreate(args) {
      const input = args.webPixel as { settings?: unknown };
      if (pixels.has(shopDomain)) {
        return { webPixel: null, userErrors: [{ code: "TAKEN", field: ["webPixel"], message: "Web pixel is taken" }] };
      }
      const settings = parseSettings(input?.settings);
      if (!settings.ok) return { webPixel: null, userErrors: [invalid] };
      const pixel = { id: `gid://shopify/WebPixel/${nextId++}`, settings: settings.text };
      pixels.set(shopDomain, pixel);
      return { webPixel: pixel, userErrors: [] };
    },
    webPixel(args) {
      const current = pixels.get(shopDomain);
      return current && (args.id === undefined || args.id === null || args.id === current.id) ? current : null;
    },
    webPixelDelete(args) {
      const current = pixels.get(shopDomain);
      if (!current || current.id !== args.id) {
        return { deletedWebPixelId: null, userErrors: [{ code: "NOT_FOUND", field: ["id"], message: "Web pixel not found" }] };
      }
      pixels.delete(shopDomain);
      return { deletedWebPixelId: current.id, userErrors: [] };
    },
    webPixelUpdate(args) {
      const current = pixels.get(shopDomain);
      if (!current || current.id !== args.id) {
        return { webPixel: null, userErrors: [{ code: "NOT_FOUND", field: ["id"], message: "Web pixel not found" }] };
      }
      const settings = parseSettings((args.webPixel as { settings?: unknown })?.settings);
      if (!settings.ok) return { webPixel: null, userErrors: [invalid] };
      current.settings = settings.text;
      return { webPixel: current, userErrors: [] };
    },
  };
}
