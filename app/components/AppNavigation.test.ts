import { describe, expect, it } from "vitest";
import { withLocale } from "./AppNavigation";

describe("the demo's language switch", () => {
  it("keeps the date range, filters and sort, and replaces only the language", () => {
    expect(withLocale("?range=last90&campaignId=c1&sort=roi&locale=en", "he")).toBe("range=last90&campaignId=c1&sort=roi&locale=he");
    expect(withLocale("", "th")).toBe("locale=th");
  });
});
