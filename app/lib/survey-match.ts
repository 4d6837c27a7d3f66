/**
 * Matches a buyer's free-text answer ("@janedoe", "Jane Doe", "jane_d0e") to one of the shop's
 * influencers by name or handle, for the owner to confirm (decision 028). Text is normalised
 * (lower case, no accents, no "@", punctuation or spaces) and compared with the optimal string
 * alignment distance (Damerau-Levenshtein with adjacent transpositions): similarity is
 * 1 - distance / longer length. Only a candidate at or above MATCH_THRESHOLD is proposed.
 */

export const MATCH_THRESHOLD = 0.75;

export interface MatchCandidate {
  influencerId: string;
  name: string;
  handles: readonly string[];
}

export interface SurveyMatch {
  influencerId: string;
  /** 0..1, three decimals. */
  score: number;
  /** The name or handle that matched (as the shop wrote it). */
  matched: string;
}

export function normaliseAnswer(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

/** Optimal string alignment distance between two strings (by code point). */
export function editDistance(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  if (!s.length) return t.length;
  if (!t.length) return s.length;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let value = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) value = Math.min(value, prevPrev[j - 2] + 1);
      row.push(value);
    }
    prevPrev = prev;
    prev = row;
  }
  return prev[t.length];
}

/** 1 for equal normalised texts, 0 for nothing in common; 0 when either is empty. */
export function similarity(a: string, b: string): number {
  const x = normaliseAnswer(a);
  const y = normaliseAnswer(b);
  if (!x || !y) return 0;
  const longer = Math.max(Array.from(x).length, Array.from(y).length);
  return 1 - editDistance(x, y) / longer;
}

/** The best influencer for `text`, or null when none reaches `threshold`. Ties go to the first candidate. */
export function matchInfluencer(text: string, candidates: readonly MatchCandidate[], threshold = MATCH_THRESHOLD): SurveyMatch | null {
  // Answers are short (the survey keeps 200 characters); a longer text matches nothing by design.
  if (!normaliseAnswer(text) || Array.from(text).length > 200) return null;
  let best: SurveyMatch | null = null;
  for (const candidate of candidates) {
    for (const label of [candidate.name, ...candidate.handles]) {
      const score = Math.round(similarity(text, label) * 1000) / 1000;
      if (score >= threshold && (!best || score > best.score)) best = { influencerId: candidate.influencerId, score, matched: label };
    }
  }
  return best;
}
