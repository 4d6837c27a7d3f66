import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { editDistance, MATCH_THRESHOLD, matchInfluencer, normaliseAnswer, similarity, type MatchCandidate } from "./survey-match";

const shop: MatchCandidate[] = [
  { influencerId: "jane", name: "Jane Doe", handles: ["janedoe", "jane.does.makeup"] },
  { influencerId: "zoe", name: "Zoë Müller", handles: ["zoe_mueller"] },
  { influencerId: "noa", name: "נועה כהן", handles: ["noa.cohen"] },
  { influencerId: "omar", name: "Omar Haddad", handles: ["omarcooks"] },
];

const handle = fc.stringMatching(/^[a-z][a-z0-9_.]{2,20}$/);
const runs = { numRuns: 300 };

describe("normalising and comparing answers", () => {
  it("ignores case, @, accents, punctuation and spaces", () => {
    expect(normaliseAnswer("  @Zoë_Müller! ")).toBe("zoemuller");
    expect(normaliseAnswer("JANE.does Makeup")).toBe("janedoesmakeup");
    expect(normaliseAnswer("נועה כהן")).toBe("נועהכהן");
    expect(normaliseAnswer("@@@ ...")).toBe("");
  });

  it("counts an adjacent transposition as one edit", () => {
    expect(editDistance("janedoe", "jnaedoe")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(similarity("abc", "")).toBe(0);
  });
});

describe("matching free text to influencers", () => {
  it("proposes the influencer for typos, names and handles, with a score", () => {
    expect(matchInfluencer("@janedoe", shop)).toEqual({ influencerId: "jane", score: 1, matched: "Jane Doe" });
    expect(matchInfluencer("@jane.does.makeup", shop)).toEqual({ influencerId: "jane", score: 1, matched: "jane.does.makeup" });
    expect(matchInfluencer("jane doe", shop)?.influencerId).toBe("jane");
    expect(matchInfluencer("jnae doe", shop)).toMatchObject({ influencerId: "jane", score: 0.857 });
    expect(matchInfluencer("zoe mueller", shop)?.influencerId).toBe("zoe");
    expect(matchInfluencer("Omar cooks!", shop)?.influencerId).toBe("omar");
    expect(matchInfluencer("נועה", shop)).toBeNull(); // half of the name is not enough
    expect(matchInfluencer("נועה כהן", shop)?.influencerId).toBe("noa");
  });

  it("proposes nothing for unrelated text, empty text, or an empty shop", () => {
    expect(matchInfluencer("saw an ad on the bus", shop)).toBeNull();
    expect(matchInfluencer("   @  ", shop)).toBeNull();
    expect(matchInfluencer("janedoe", [])).toBeNull();
  });

  it("property: an exact handle always matches its influencer with score 1, whatever the case, @ or accents", () => {
    fc.assert(
      fc.property(fc.uniqueArray(handle, { minLength: 1, maxLength: 6, selector: normaliseAnswer }), fc.nat(), fc.boolean(), fc.boolean(), (handles, pick, at, upper) => {
        const candidates = handles.map((h, i) => ({ influencerId: `i${i}`, name: `Person ${i}`, handles: [h] }));
        const chosen = pick % handles.length;
        let typed = handles[chosen];
        if (upper) typed = typed.toUpperCase();
        if (at) typed = `@${typed}`;
        // An accent on the first letter (a + combining acute) changes nothing.
        typed = typed.replace(/^(@?)([a-zA-Z])/, "$1$2\u0301");
        const match = matchInfluencer(typed, candidates);
        expect(match?.score).toBe(1);
        // Another handle that normalises the same way would tie; uniqueArray's selector rules that out.
        expect(match?.influencerId).toBe(`i${chosen}`);
      }),
      runs,
    );
  });

  it("property: text sharing no letter with any name or handle stays below the threshold", () => {
    const digitsOnly = fc.stringMatching(/^[0-9]{3,12}$/);
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{3,15}$/), { minLength: 1, maxLength: 5 }), digitsOnly, (names, text) => {
        const candidates = names.map((n, i) => ({ influencerId: `i${i}`, name: n, handles: [n] }));
        expect(matchInfluencer(text, candidates)).toBeNull();
        for (const n of names) expect(similarity(text, n)).toBeLessThan(MATCH_THRESHOLD);
      }),
      runs,
    );
  });

  it("property: similarity is symmetric, in [0, 1], and 1 only for equal normalised texts", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (a, b) => {
        const s = similarity(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(similarity(b, a)).toBeCloseTo(s, 12);
        if (s === 1) expect(normaliseAnswer(a)).toBe(normaliseAnswer(b));
      }),
      runs,
    );
  });
});
