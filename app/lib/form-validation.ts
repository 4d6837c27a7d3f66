import { z } from "zod";
import type { MessageKey } from "../i18n/messages";
import { Decimal } from "./money";

/**
 * Form validation building blocks. Every error message is a message key (validation.*), so the
 * route hands it to the page and the page translates it; nothing here knows a language.
 */

export type FieldErrors = Record<string, MessageKey>;

const REQUIRED = "validation.required" satisfies MessageKey;

/** The first error per field, keyed by the field's form name ("name", "handle.INSTAGRAM"). */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.map(String).join(".") || "form";
    errors[field] ??= issue.message as MessageKey;
  }
  return errors;
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors };

/** Parses a form's fields (text only; files are ignored) with a schema. */
export function parseForm<S extends z.ZodType>(schema: S, form: FormData | Record<string, unknown>): Parsed<z.output<S>> {
  const values: Record<string, unknown> = {};
  if (form instanceof FormData) {
    for (const [key, value] of form.entries()) {
      if (typeof value === "string" && !(key in values)) values[key] = value;
    }
  } else {
    Object.assign(values, form);
  }
  const result = schema.safeParse(values);
  return result.success ? { ok: true, data: result.data } : { ok: false, fieldErrors: fieldErrorsOf(result.error) };
}

/** "" and missing both mean "not given". */
const blankToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

export function requiredText(max = 200) {
  return z
    .string({ error: REQUIRED })
    .trim()
    .min(1, REQUIRED)
    .max(max, "validation.tooLong" satisfies MessageKey);
}

/** Optional free text: trimmed, null when empty. */
export function optionalText(max = 2000) {
  return z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(max, "validation.tooLong" satisfies MessageKey)
      .optional()
      .transform((s) => s ?? null),
  );
}

export const optionalEmail = z.preprocess(
  blankToUndefined,
  z
    .email({ error: "validation.email" satisfies MessageKey })
    .max(254, "validation.tooLong" satisfies MessageKey)
    .optional()
    .transform((s) => s?.toLowerCase() ?? null),
);

/** A calendar date as the browser's date input sends it (YYYY-MM-DD), checked for existence. */
export function isValidIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export const requiredDate = z
  .string({ error: REQUIRED })
  .trim()
  .min(1, REQUIRED)
  .refine(isValidIsoDate, "validation.date" satisfies MessageKey);

export const optionalDate = z.preprocess(
  blankToUndefined,
  z
    .string()
    .trim()
    .refine(isValidIsoDate, "validation.date" satisfies MessageKey)
    .optional()
    .transform((s) => s ?? null),
);

// Decimal(18, 4) columns: at most 14 integer digits and 4 decimals.
const MAX_AMOUNT = new Decimal("1e14");

interface DecimalRules {
  /** Decimal places accepted (4 for money, 8 for exchange rates). */
  places?: number;
  /** Zero allowed (a budget of 0) or not (a cost must be more than 0). */
  allowZero?: boolean;
  min?: Decimal.Value;
  max?: Decimal.Value;
  rangeMessage?: MessageKey;
}

/**
 * A non-negative decimal typed into a form ("1250", "19.99"), as an exact Decimal; never a float.
 * A comma, a sign other than a leading minus, or letters are "not a number".
 */
export function decimalField({ places = 4, allowZero = false, min, max, rangeMessage }: DecimalRules = {}) {
  return z
    .string({ error: REQUIRED })
    .trim()
    .min(1, REQUIRED)
    .superRefine((text, ctx) => {
      const fail = (message: MessageKey) => ctx.addIssue({ code: "custom", message });
      if (!/^-?\d+(\.\d+)?$/.test(text) && !/^-?\.\d+$/.test(text)) return fail("validation.number");
      const value = new Decimal(text);
      if (value.isNegative() && !value.isZero()) return fail("validation.amount.negative");
      if (value.isZero() && !allowZero) return fail("validation.amount.positive");
      if (value.decimalPlaces() > places) {
        return fail(places === 4 ? "validation.amount.precision" : "validation.rate.precision");
      }
      if (min !== undefined && value.lt(min)) return fail(rangeMessage ?? "validation.amount.positive");
      if (max !== undefined && value.gt(max)) return fail(rangeMessage ?? "validation.amount.tooLarge");
      if (value.gte(MAX_AMOUNT)) return fail("validation.amount.tooLarge");
    })
    .transform((text) => new Decimal(text));
}

export function optionalDecimalField(rules: DecimalRules = {}) {
  return z.preprocess(
    blankToUndefined,
    decimalField(rules)
      .optional()
      .transform((d) => d ?? null),
  );
}

/** ISO 4217 codes this runtime knows (Intl.supportedValuesOf), upper case. */
let currencies: ReadonlySet<string> | undefined;
export function isSupportedCurrency(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf("currency").map((c) => c.toUpperCase()));
  return currencies.has(code.toUpperCase());
}

export const currencyField = z
  .string({ error: REQUIRED })
  .trim()
  .min(1, REQUIRED)
  .transform((s) => s.toUpperCase())
  .refine((s) => /^[A-Z]{3}$/.test(s) && isSupportedCurrency(s), "validation.currency.unknown" satisfies MessageKey);

/** An id picked from a list (campaign), or null for "none". */
export const optionalId = z.preprocess(
  blankToUndefined,
  z
    .string()
    .max(64)
    .optional()
    .transform((s) => s ?? null),
);
