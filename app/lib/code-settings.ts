import Decimal from "decimal.js";
import { z } from "zod";
import { normaliseCode } from "./code-names";

/**
 * The settings of an influencer's discount code as the owner fills them in. Errors are message
 * keys (app/i18n/messages/<lang>/codes.json) that the form translates next to the field.
 */
const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal("false"), z.literal(""), z.boolean()])
  .optional()
  .transform((v) => v === "on" || v === "true" || v === true);

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() ? v.trim() : undefined));

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
function validDate(text: string) {
  return isoDate.test(text) && !Number.isNaN(new Date(`${text}T00:00:00Z`).getTime()) &&
    new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
}

function decimalOrNull(text: string | undefined): Decimal | null {
  if (!text || !/^\d+(\.\d+)?$/.test(text)) return null;
  return new Decimal(text);
}

/**
 * The code settings form. A missing start date means `today`, the shop's calendar day, which the
 * caller reads from its clock at the request (this module reads no clock).
 */
export const codeSettingsSchema = (today: string) =>
  z
    .object({
      valueType: z.enum(["PERCENTAGE", "FIXED_AMOUNT"], { error: "codes.error.valueType" }),
      value: z.string({ error: "codes.error.value" }).trim(),
      minimumRequirement: z.enum(["NONE", "SUBTOTAL", "QUANTITY"]).default("NONE"),
      minimumValue: optionalText,
      usageLimit: optionalText,
      oncePerCustomer: checkbox,
      startsAt: optionalText,
      endsAt: optionalText,
      combinesWithOrder: checkbox,
      combinesWithProduct: checkbox,
      combinesWithShipping: checkbox,
      code: optionalText,
      campaignId: optionalText,
    })
    .transform((input, ctx) => {
      const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
      const value = decimalOrNull(input.value);
      if (!value) issue("value", "codes.error.value");
      else if (input.valueType === "PERCENTAGE" && (value.lt(1) || value.gt(100))) issue("value", "codes.error.percentRange");
      else if (input.valueType === "FIXED_AMOUNT" && value.lte(0)) issue("value", "codes.error.value");

      let minimumValue: Decimal | null = null;
      if (input.minimumRequirement !== "NONE") {
        minimumValue = decimalOrNull(input.minimumValue);
        if (!minimumValue || minimumValue.lte(0)) issue("minimumValue", "codes.error.minimum");
        else if (input.minimumRequirement === "QUANTITY" && !minimumValue.isInteger()) issue("minimumValue", "codes.error.minimumQuantity");
      }

      let usageLimit: number | null = null;
      if (input.usageLimit !== undefined) {
        if (!/^\d+$/.test(input.usageLimit) || Number(input.usageLimit) < 1 || Number(input.usageLimit) > 1_000_000_000) {
          issue("usageLimit", "codes.error.usageLimit");
        } else usageLimit = Number(input.usageLimit);
      }

      const startsAt = input.startsAt ?? today;
      if (!validDate(startsAt)) issue("startsAt", "codes.error.date");
      if (input.endsAt !== undefined) {
        if (!validDate(input.endsAt)) issue("endsAt", "codes.error.date");
        else if (input.endsAt < startsAt) issue("endsAt", "codes.error.endBeforeStart");
      }

      let code: string | undefined;
      if (input.code !== undefined) {
        const normalised = normaliseCode(input.code);
        if ("error" in normalised) issue("code", normalised.error);
        else code = normalised.code;
      }
      if (input.campaignId !== undefined && !z.uuid().safeParse(input.campaignId).success) {
        issue("campaignId", "codes.error.campaign");
      }

      return {
        valueType: input.valueType,
        value: (value ?? new Decimal(0)).toFixed(2),
        minimumRequirement: input.minimumRequirement,
        minimumValue: minimumValue?.toFixed(2) ?? null,
        usageLimit,
        oncePerCustomer: input.oncePerCustomer,
        startsAt,
        endsAt: input.endsAt ?? null,
        combinesWith: {
          order: input.combinesWithOrder,
          product: input.combinesWithProduct,
          shipping: input.combinesWithShipping,
        },
        code,
        campaignId: input.campaignId ?? null,
      };
    });

export type CodeSettings = z.output<ReturnType<typeof codeSettingsSchema>>;

/** Field errors keyed by form field, each a message key. */
export function codeSettingsErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    out[field] ??= issue.message;
  }
  return out;
}

/** Parses a submitted form (or any record of strings) into settings or field errors. */
export function parseCodeSettings(input: Record<string, unknown>, today: string) {
  const result = codeSettingsSchema(today).safeParse(input);
  return result.success
    ? ({ ok: true, settings: result.data } as const)
    : ({ ok: false, fieldErrors: codeSettingsErrors(result.error) } as const);
}

/** The edit form of an existing code: its offer and dates, checked by the same rules. */
export function parseCodeOfferChange(valueType: CodeSettings["valueType"], input: Record<string, unknown>, today: string) {
  const result = parseCodeSettings({ valueType, value: input.value, startsAt: input.startsAt, endsAt: input.endsAt }, today);
  if (!result.ok) return result;
  const { value, startsAt, endsAt } = result.settings;
  return { ok: true as const, change: { value, startsAt, endsAt } };
}
