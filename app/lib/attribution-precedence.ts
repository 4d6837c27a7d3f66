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
export const PRECEDENCE_CHOICES: readonly Precedence[] = permutations(DEFAULT_PRECEDENCE);

function permutations(items: Precedence): Precedence[] {
  if (items.length <= 1) return [items];
  return items.flatMap((first, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [first, ...rest]));
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

/**
 * What the survey does for an order that carries none of the shop's codes or links (decision 038):
 * counted in the dark-social figures only ("report", the default), or credited to the influencer
 * the answer names ("credit").
 */
export const SURVEY_ONLY_CHOICES = ["report", "credit"] as const;
export type SurveyOnlyChoice = (typeof SURVEY_ONLY_CHOICES)[number];
export const surveyOnlySchema = z.enum(SURVEY_ONLY_CHOICES).transform((choice) => choice === "credit");

export function surveyOnlyChoice(creditSurveyOnly: boolean): SurveyOnlyChoice {
  return creditSurveyOnly ? "credit" : "report";
}

/** A shop's attribution rules: the precedence and whether the survey alone credits an order. */
export interface AttributionRules {
  precedence: Precedence;
  creditSurveyOnly: boolean;
}

export function sameRules(a: AttributionRules, b: AttributionRules): boolean {
  return samePrecedence(a.precedence, b.precedence) && a.creditSurveyOnly === b.creditSurveyOnly;
}
