import type { Database } from "../../db.server";
import type { RootResolver } from "./resolvers.server";

/**
 * Shopify's basic code discounts as the emulated store keeps them, with the validation rules and
 * userErrors (codes, fields, messages) Shopify answers with for the cases CodeTrail meets.
 */
interface BasicInput {
  title?: string | null;
  code?: string | null;
  startsAt?: string | null;
  endsAt?: string | null;
  usageLimit?: number | null;
  appliesOncePerCustomer?: boolean | null;
  combinesWith?: { orderDiscounts?: boolean; productDiscounts?: boolean; shippingDiscounts?: boolean } | null;
  customerGets?: {
    value?: { percentage?: number | null; discountAmount?: { amount?: string | null; appliesOnEachItem?: boolean | null } | null } | null;
  } | null;
  minimumRequirement?: {
    subtotal?: { greaterThanOrEqualToSubtotal?: string | null } | null;
    quantity?: { greaterThanOrEqualToQuantity?: string | null } | null;
  } | null;
}

interface UserError {
  field: string[];
  code: string;
  message: string;
}

const GID_PREFIX = "gid://shopify/DiscountCodeNode/";

function statusAt(startsAt: Date, endsAt: Date | null, now: Date) {
  if (endsAt && endsAt <= now) return "EXPIRED";
  if (startsAt > now) return "SCHEDULED";
  return "ACTIVE";
}

function validate(input: BasicInput, existing?: { startsAt: Date }): UserError[] {
  const errors: UserError[] = [];
  const field = (...path: string[]) => ["basicCodeDiscount", ...path];
  if (input.code !== undefined) {
    const code = input.code?.trim() ?? "";
    if (!code) errors.push({ field: field("code"), code: "BLANK", message: "Code can't be blank" });
    else if (code.length > 255) errors.push({ field: field("code"), code: "TOO_LONG", message: "Code is too long (maximum is 255 characters)" });
    else if (/[\r\n\t]/.test(code)) errors.push({ field: field("code"), code: "INVALID", message: "Code can't contain line breaks or tabs" });
  }
  if (input.title !== undefined && !input.title?.trim()) {
    errors.push({ field: field("title"), code: "BLANK", message: "Title can't be blank" });
  }
  const percentage = input.customerGets?.value?.percentage;
  if (percentage !== undefined && percentage !== null && (percentage <= 0 || percentage > 1)) {
    errors.push({ field: field("customerGets", "value", "percentage"), code: "VALUE_OUTSIDE_RANGE", message: "Value must be between 0.0 and 1.0" });
  }
  const amount = input.customerGets?.value?.discountAmount?.amount;
  if (amount !== undefined && amount !== null && !(Number(amount) > 0)) {
    errors.push({ field: field("customerGets", "value", "discountAmount", "amount"), code: "GREATER_THAN", message: "Value must be greater than 0" });
  }
  const startsAt = input.startsAt ? new Date(input.startsAt) : existing?.startsAt;
  if (input.endsAt && startsAt && new Date(input.endsAt) < startsAt) {
    errors.push({ field: field("endsAt"), code: "END_DATE_BEFORE_START_DATE", message: "Ends at needs to be after starts_at" });
  }
  if (input.usageLimit !== undefined && input.usageLimit !== null && input.usageLimit < 1) {
    errors.push({ field: field("usageLimit"), code: "GREATER_THAN", message: "Usage limit must be greater than 0" });
  }
  return errors;
}

type Row = Awaited<ReturnType<Database["emulatorDiscount"]["findFirstOrThrow"]>>;

function toNode(row: Row, currencyCode: string) {
  const input = row.input as BasicInput;
  const value = input.customerGets?.value;
  return {
    id: `${GID_PREFIX}${row.id}`,
    codeDiscount: {
      __typename: "DiscountCodeBasic",
      title: row.title,
      status: statusAt(row.startsAt, row.endsAt, new Date()),
      startsAt: row.startsAt.toISOString(),
      endsAt: row.endsAt?.toISOString() ?? null,
      usageLimit: input.usageLimit ?? null,
      appliesOncePerCustomer: input.appliesOncePerCustomer ?? false,
      asyncUsageCount: row.usageCount,
      codes: () => ({ nodes: [{ code: (input.code ?? row.code).trim() }] }),
      customerGets: {
        value:
          value?.percentage != null
            ? { __typename: "DiscountPercentage", percentage: value.percentage }
            : { __typename: "DiscountAmount", amount: { amount: value?.discountAmount?.amount ?? "0", currencyCode }, appliesOnEachItem: false },
      },
    },
  };
}

export function discountResolvers(db: Database, shopDomain: string, currencyCode: string): Record<string, RootResolver> {
  const byGid = async (gid: unknown) => {
    const text = String(gid ?? "");
    if (!text.startsWith(GID_PREFIX) || !/^\d+$/.test(text.slice(GID_PREFIX.length))) return null;
    return db.emulatorDiscount.findFirst({ where: { id: BigInt(text.slice(GID_PREFIX.length)), shopDomain } });
  };
  const notFound = { field: ["id"], code: "INVALID", message: "Discount does not exist" };

  return {
    async discountCodeBasicCreate(args) {
      const input = args.basicCodeDiscount as BasicInput;
      const errors = validate({ ...input, code: input.code ?? "", title: input.title ?? "" });
      if (!input.customerGets?.value) {
        errors.push({ field: ["basicCodeDiscount", "customerGets"], code: "BLANK", message: "Customer gets can't be blank" });
      }
      const code = (input.code ?? "").trim();
      if (errors.length === 0) {
        const taken = await db.emulatorDiscount.findUnique({
          where: { shopDomain_code: { shopDomain, code: code.toUpperCase() } },
        });
        if (taken) {
          errors.push({ field: ["basicCodeDiscount", "code"], code: "TAKEN", message: "Code must be unique. Please try a different code." });
        }
      }
      if (errors.length) return { codeDiscountNode: null, userErrors: errors };
      const startsAt = input.startsAt ? new Date(input.startsAt) : new Date();
      const row = await db.emulatorDiscount.create({
        data: {
          shopDomain,
          code: code.toUpperCase(),
          title: input.title!.trim(),
          status: statusAt(startsAt, input.endsAt ? new Date(input.endsAt) : null, new Date()),
          startsAt,
          endsAt: input.endsAt ? new Date(input.endsAt) : null,
          input: JSON.parse(JSON.stringify(input)),
        },
      });
      return { codeDiscountNode: toNode(row, currencyCode), userErrors: [] };
    },

    async discountCodeBasicUpdate(args) {
      const row = await byGid(args.id);
      if (!row) return { codeDiscountNode: null, userErrors: [notFound] };
      const patch = args.basicCodeDiscount as BasicInput;
      const errors = validate(patch, row);
      if (errors.length) return { codeDiscountNode: null, userErrors: errors };
      const merged = { ...(row.input as BasicInput), ...patch };
      const updated = await db.emulatorDiscount.update({
        where: { id: row.id },
        data: {
          title: merged.title?.trim() ?? row.title,
          startsAt: patch.startsAt ? new Date(patch.startsAt) : row.startsAt,
          endsAt: patch.endsAt !== undefined ? (patch.endsAt ? new Date(patch.endsAt) : null) : row.endsAt,
          input: JSON.parse(JSON.stringify(merged)),
        },
      });
      return { codeDiscountNode: toNode(updated, currencyCode), userErrors: [] };
    },

    async discountCodeActivate(args) {
      const row = await byGid(args.id);
      if (!row) return { codeDiscountNode: null, userErrors: [notFound] };
      const now = new Date();
      const updated = await db.emulatorDiscount.update({
        where: { id: row.id },
        data: { endsAt: row.endsAt && row.endsAt <= now ? null : row.endsAt, startsAt: row.startsAt > now ? now : row.startsAt },
      });
      return { codeDiscountNode: toNode(updated, currencyCode), userErrors: [] };
    },

    async discountCodeDeactivate(args) {
      const row = await byGid(args.id);
      if (!row) return { codeDiscountNode: null, userErrors: [notFound] };
      const updated = await db.emulatorDiscount.update({ where: { id: row.id }, data: { endsAt: new Date() } });
      return { codeDiscountNode: toNode(updated, currencyCode), userErrors: [] };
    },

    async codeDiscountNodeByCode(args) {
      const code = String(args.code ?? "").trim().toUpperCase();
      const row = await db.emulatorDiscount.findUnique({ where: { shopDomain_code: { shopDomain, code } } });
      return row ? toNode(row, currencyCode) : null;
    },
  };
}
