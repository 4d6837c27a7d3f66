import { describe, expect, it } from "vitest";
import { SUPPORTED_LANGUAGES } from "../../../app/i18n/locales";
import { surveyPayloadSchema } from "../../../app/lib/survey";
import {
  answeredKey,
  buildSurveyPayload,
  filterInfluencers,
  MAX_FREE_TEXT,
  orderIdFromGid,
  SURVEY_CHANNELS,
  SURVEY_LANGUAGES,
  SURVEY_MESSAGES,
  surveyChoices,
  surveyLocale,
  type SurveyInfluencer,
} from "./survey-logic";

const influencers: SurveyInfluencer[] = [
  { id: "11111111-1111-4111-8111-111111111111", name: "Zoë Martin", handles: ["zoe.makes"] },
  { id: "22222222-2222-4222-8222-222222222222", name: "Anna Ruiz", handles: ["annaruiz", "anna_ruiz_tt"] },
  { id: "33333333-3333-4333-8333-333333333333", name: "נועה כהן", handles: ["noa.cohen"] },
  { id: "44444444-4444-4444-8444-444444444444", name: "Hannah Lee", handles: [] },
];

describe("survey question and languages", () => {
  it("speaks the app's five languages, right to left for Hebrew, Arabic and Persian", () => {
    expect([...SURVEY_LANGUAGES].sort()).toEqual([...SUPPORTED_LANGUAGES].sort());
    expect(surveyLocale("he-IL")).toEqual({ language: "he", dir: "rtl" });
    expect(surveyLocale("iw")).toEqual({ language: "he", dir: "rtl" });
    expect(surveyLocale("ar")).toEqual({ language: "ar", dir: "rtl" });
    expect(surveyLocale("FA_ir")).toEqual({ language: "fa", dir: "rtl" });
    expect(surveyLocale("th-TH")).toEqual({ language: "th", dir: "ltr" });
    expect(surveyLocale("en-GB")).toEqual({ language: "en", dir: "ltr" });
    // Anything else falls back to English.
    expect(surveyLocale("pt-BR")).toEqual({ language: "en", dir: "ltr" });
    expect(surveyLocale("")).toEqual({ language: "en", dir: "ltr" });
    expect(surveyLocale(undefined)).toEqual({ language: "en", dir: "ltr" });
  });

  it("asks the question and labels every choice in every language (nothing left in English by mistake)", () => {
    expect(SURVEY_MESSAGES.en.question).toBe("How did you hear about us?");
    expect(SURVEY_MESSAGES.he.question).toBe("איך שמעת עלינו?");
    for (const language of SURVEY_LANGUAGES) {
      const choices = surveyChoices(language);
      expect(choices.map((c) => c.value)).toEqual([...SURVEY_CHANNELS]);
      expect(choices[0].value).toBe("influencer");
      for (const choice of choices) expect(choice.label.trim()).not.toBe("");
      const messages = SURVEY_MESSAGES[language];
      expect(Object.keys(messages).sort()).toEqual(Object.keys(SURVEY_MESSAGES.en).sort());
      if (language !== "en") {
        // Brand names (Instagram, TikTok, YouTube) may stay; the sentences may not.
        for (const key of ["question", "submit", "thanks", "failed", "searchLabel", "noInfluencer", "chooseChannel"] as const) {
          expect(messages[key], `${language}.${key}`).not.toBe(SURVEY_MESSAGES.en[key]);
        }
        for (const channel of ["influencer", "search", "friend", "ad", "other"] as const) {
          expect(messages.channels[channel], `${language}.channels.${channel}`).not.toBe(SURVEY_MESSAGES.en.channels[channel]);
        }
      }
    }
    expect(surveyChoices("ar").find((c) => c.value === "influencer")?.label).toBe("مؤثر / صانع محتوى");
  });
});

describe("searching the shop's influencers", () => {
  it("finds by name or handle, ignoring case, accents, @ and spaces; prefix matches first", () => {
    expect(filterInfluencers(influencers, "zoe").map((i) => i.name)).toEqual(["Zoë Martin"]);
    expect(filterInfluencers(influencers, "@ZOE.MAKES").map((i) => i.name)).toEqual(["Zoë Martin"]);
    expect(filterInfluencers(influencers, "anna ruiz tt").map((i) => i.name)).toEqual(["Anna Ruiz"]);
    expect(filterInfluencers(influencers, "נועה").map((i) => i.name)).toEqual(["נועה כהן"]);
    // "anna" starts Anna Ruiz and is inside Hannah Lee: the prefix match comes first.
    expect(filterInfluencers(influencers, "anna").map((i) => i.name)).toEqual(["Anna Ruiz", "Hannah Lee"]);
    expect(filterInfluencers(influencers, "nobody")).toEqual([]);
  });

  it("lists everyone (up to the limit) for an empty search", () => {
    expect(filterInfluencers(influencers, "  ")).toHaveLength(4);
    expect(filterInfluencers(influencers, "", 2).map((i) => i.name)).toEqual(["Zoë Martin", "Anna Ruiz"]);
    expect(filterInfluencers(influencers, "a", 1)).toHaveLength(1);
  });
});

describe("the answer sent to the app", () => {
  const order = "gid://shopify/Order/9007199254740993"; // beyond 2^53: kept as text

  it("takes the order's numeric id from either target's gid, and remembers answers per order", () => {
    expect(orderIdFromGid(order)).toBe("9007199254740993");
    expect(orderIdFromGid("gid://shopify/OrderIdentity/42")).toBe("42");
    expect(orderIdFromGid("gid://shopify/Customer/42")).toBeNull();
    expect(orderIdFromGid("")).toBeNull();
    expect(orderIdFromGid(null)).toBeNull();
    expect(answeredKey("42")).not.toBe(answeredKey("43"));
  });

  it("builds the payload the endpoint accepts, influencer and free text only for the influencer answer", () => {
    const influencer = buildSurveyPayload(order, { channel: "influencer", influencerId: influencers[1].id, freeText: "  @annaruiz  " }, "he");
    expect(influencer).toEqual({
      ok: true,
      payload: { v: 1, orderId: "9007199254740993", channel: "influencer", influencerId: influencers[1].id, freeText: "@annaruiz", locale: "he" },
    });
    const tiktok = buildSurveyPayload(order, { channel: "tiktok", influencerId: influencers[1].id, freeText: "ignored" }, "en");
    expect(tiktok).toEqual({ ok: true, payload: { v: 1, orderId: "9007199254740993", channel: "tiktok", locale: "en" } });
    const blank = buildSurveyPayload(order, { channel: "influencer", influencerId: null, freeText: "   " }, "th");
    expect(blank).toEqual({ ok: true, payload: { v: 1, orderId: "9007199254740993", channel: "influencer", locale: "th" } });
    for (const built of [influencer, tiktok, blank]) {
      if (!built.ok) throw new Error("not built");
      expect(surveyPayloadSchema.safeParse(built.payload).success).toBe(true);
    }
  });

  it("cuts long free text to the limit by characters (not UTF-16 units) and refuses a missing order or answer", () => {
    const long = "🙂".repeat(MAX_FREE_TEXT + 10);
    const built = buildSurveyPayload(order, { channel: "influencer", influencerId: null, freeText: long }, "en");
    if (!built.ok) throw new Error("not built");
    expect(Array.from(built.payload.freeText!)).toHaveLength(MAX_FREE_TEXT);
    expect(surveyPayloadSchema.safeParse(built.payload).success).toBe(true);
    expect(buildSurveyPayload(null, { channel: "ad", influencerId: null, freeText: "" }, "en")).toEqual({ ok: false, reason: "no-order" });
    expect(buildSurveyPayload(order, { channel: null, influencerId: null, freeText: "" }, "en")).toEqual({ ok: false, reason: "no-channel" });
  });
});
