import { z } from "zod";

/**
 * A shop's attribution precedence (decision 037): which evidence wins when an order's discount
 * code, tracking link and survey answer name different influencers. Pure; the ledger's SQL
 * (codetrail_attribution_winner) applies it.
 */
export const ATTRIBUTION_SIGNALS = ["CODE", "LINK", "SURVEY"] as const;
export type AttributionSignal = (typeof ATTRIBUTION_SIGNALS)[number];
export type Precedence = readonly AttributionSignal[];

export const DEFAULT_PRECEDENCE: Precedence = ["CODE", "LINK", "SURVEY"];

/** Every order of the three signals, the default first: the choices a merchant has. */
export const PRECEDENCE_CHOICES: readonly Precedence[] =
  permutations(DEFAULT_PRECEDENCE);

function permutations(items: Precedence): Precedence[] {
  if (items.length <= 1) return [items];
  return items.flatMap((first, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [
      first,
      ...rest,
    ])
  );
}

/** "CODE,LINK,SURVEY" in forms and URLs. */
export function precedenceKey(precedence: Precedence): string {
  return precedence.join(",");
}

/** A form's precedence: exactly the three signals, each once. */
export const precedenceSchema = z
  .string()
  .transform((value) => value.split(","))
  .pipe(z.array(z.enum(ATTRIBUTION_SIGNALS)).length(3))
  .refine((list) => new Set(list).size === 3, "Each signal must appear once.");

export function samePrecedence(a: Precedence, b: Precedence): boolean {
  return precedenceKey(a) === precedenceKey(b);
}
