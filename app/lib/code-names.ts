/**
 * Memorable discount codes: the influencer's first name (or handle) plus the offer, upper case,
 * e.g. JANE15. Only A-Z and 0-9 are used (Shopify accepts far more, but these survive being read
 * aloud in a video, typed on a phone and matched case-insensitively). When a code is taken, the
 * next candidates add the surname's initial, the full name, the handle, then a number.
 */
export const MAX_CODE_LENGTH = 255;
const MAX_STEM = 20;

/** Latin letters and digits only: accents dropped (Zoë → ZOE), other scripts removed. */
export function codeStem(text: string | null | undefined): string {
  return (text ?? "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "")
    .slice(0, MAX_STEM);
}

/** The offer as it reads in a code: 15 for 15 %, 10 for $10.00, 12.5 → 125 is avoided (12). */
export function offerSuffix(valueType: "PERCENTAGE" | "FIXED_AMOUNT", value: string): string {
  const whole = value.split(".")[0].replace(/\D/g, "");
  return whole === "0" ? "" : whole;
}

export interface CodeNameInput {
  name: string;
  handles?: string[];
  valueType: "PERCENTAGE" | "FIXED_AMOUNT";
  value: string;
}

/** Candidate codes in order of preference, without duplicates; `count` bounds the numbered tail. */
export function codeCandidates(input: CodeNameInput, count = 12): string[] {
  const offer = offerSuffix(input.valueType, input.value);
  const words = input.name.trim().split(/\s+/).map(codeStem).filter(Boolean);
  const handles = (input.handles ?? []).map(codeStem).filter(Boolean);
  const stems: string[] = [];
  if (words[0]) stems.push(words[0]);
  if (words[0] && words.length > 1) stems.push(`${words[0]}${words[words.length - 1][0]}`);
  if (words.length > 1) stems.push(words.join("").slice(0, MAX_STEM));
  stems.push(...handles);
  const unique = [...new Set(stems.map((stem) => `${stem}${offer}`))].filter((c) => c.length >= 3);
  const base = unique[0];
  if (!base) return [];
  for (let n = 2; unique.length < count; n++) unique.push(`${base}${n}`);
  return unique.slice(0, count);
}

/** Normalises a code the owner typed: trimmed, upper case; null when Shopify would refuse it. */
export function normaliseCode(code: string): { code: string } | { error: "codes.error.blank" | "codes.error.tooLong" | "codes.error.characters" } {
  const trimmed = code.trim().toUpperCase();
  if (!trimmed) return { error: "codes.error.blank" };
  if (trimmed.length > MAX_CODE_LENGTH) return { error: "codes.error.tooLong" };
  if (!/^[A-Z0-9_-]+$/.test(trimmed)) return { error: "codes.error.characters" };
  return { code: trimmed };
}
