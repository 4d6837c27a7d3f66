import { describe, expect, it } from "vitest";
import { codeCandidates, codeStem, normaliseCode } from "./code-names";
import { parseCodeSettings } from "./code-settings";

describe("memorable code names", () => {
  it("builds first name + offer, then more specific variants, then numbers", () => {
    const candidates = codeCandidates({ name: "Jane Porter", handles: ["jane.p"], valueType: "PERCENTAGE", value: "15.00" });
    // The handle "jane.p" gives JANEP15 again: duplicates are dropped before the numbered tail.
    expect(candidates.slice(0, 5)).toEqual(["JANE15", "JANEP15", "JANEPORTER15", "JANE152", "JANE153"]);
    expect(new Set(candidates).size).toBe(candidates.length);
    expect(candidates).toHaveLength(12);
  });

  it("keeps only characters every checkout accepts, dropping accents and other scripts", () => {
    expect(codeStem("Zoë O'Brien-Smith")).toBe("ZOEOBRIENSMITH");
    expect(codeCandidates({ name: "Zoë", valueType: "FIXED_AMOUNT", value: "10.00" })[0]).toBe("ZOE10");
    expect(codeCandidates({ name: "נועה לוי", handles: ["noa.levi"], valueType: "PERCENTAGE", value: "15" })[0]).toBe("NOALEVI15");
    expect(codeCandidates({ name: "נועה", valueType: "PERCENTAGE", value: "15" })).toEqual([]);
  });

  it("normalises typed codes and rejects what Shopify or customers would trip over", () => {
    expect(normaliseCode("  jane15 ")).toEqual({ code: "JANE15" });
    expect(normaliseCode("")).toEqual({ error: "codes.error.blank" });
    expect(normaliseCode("A".repeat(256))).toEqual({ error: "codes.error.tooLong" });
    expect(normaliseCode("JANE 15")).toEqual({ error: "codes.error.characters" });
  });
});

describe("code settings validation", () => {
  const valid = { valueType: "PERCENTAGE", value: "15", startsAt: "2026-12-01" };

  it("accepts a complete form and normalises it", () => {
    const result = parseCodeSettings({ ...valid, endsAt: "2026-12-31", usageLimit: "100", oncePerCustomer: "on", code: "jane15" }, "2026-11-20");
    expect(result).toMatchObject({
      ok: true,
      settings: { value: "15.00", usageLimit: 100, oncePerCustomer: true, code: "JANE15", endsAt: "2026-12-31" },
    });
  });

  it.each([
    [{ value: "abc" }, "value", "codes.error.value"],
    [{ value: "-5" }, "value", "codes.error.value"],
    [{ value: "0" }, "value", "codes.error.percentRange"],
    [{ value: "101" }, "value", "codes.error.percentRange"],
    [{ valueType: "FIXED_AMOUNT", value: "0" }, "value", "codes.error.value"],
    [{ endsAt: "2026-11-30" }, "endsAt", "codes.error.endBeforeStart"],
    [{ startsAt: "2026-02-30" }, "startsAt", "codes.error.date"],
    [{ usageLimit: "0" }, "usageLimit", "codes.error.usageLimit"],
    [{ minimumRequirement: "QUANTITY", minimumValue: "1.5" }, "minimumValue", "codes.error.minimumQuantity"],
    [{ minimumRequirement: "SUBTOTAL" }, "minimumValue", "codes.error.minimum"],
    [{ code: "A".repeat(256) }, "code", "codes.error.tooLong"],
    [{ code: "JANE 15!" }, "code", "codes.error.characters"],
    [{ campaignId: "not-a-uuid" }, "campaignId", "codes.error.campaign"],
  ])("rejects %j with a message on %s", (change, field, message) => {
    const result = parseCodeSettings({ ...valid, ...change }, "2026-11-20");
    expect(result.ok).toBe(false);
    expect(result.ok ? {} : result.fieldErrors).toMatchObject({ [field]: message });
  });

  it("starts a code on the day the caller gives when the form has no start date (no clock of its own)", () => {
    const { startsAt: _omitted, ...withoutStart } = valid;
    expect(parseCodeSettings(withoutStart, "2031-07-04")).toMatchObject({ ok: true, settings: { startsAt: "2031-07-04" } });
    // An end before that day is refused against it.
    expect(parseCodeSettings({ ...withoutStart, endsAt: "2031-07-03" }, "2031-07-04")).toMatchObject({
      ok: false,
      fieldErrors: { endsAt: "codes.error.endBeforeStart" },
    });
  });
});
