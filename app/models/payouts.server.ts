import prisma from "../db.server";
import type { Prisma } from "../generated/prisma/client";
import { toDecimal } from "../lib/money";
import { commissionBalance, type CommissionBalance } from "../lib/payouts";
import { addDays, dateColumn, shopDateOf, type IsoDate } from "../lib/shop-dates";

/**
 * The payable ledger and statements (decision 029): what an influencer has accrued, what is still
 * in its hold period, what is payable, approved, paid, and the adjustments a refund after payment
 * leaves for the next statement. Amounts come from the per-order commission the ledger stores
 * (AttributedOrder.commission) and the lines of the influencer's statements; app/lib/payouts.ts
 * is the arithmetic. Every query is scoped by shop.
 */

type Db = Prisma.TransactionClient | typeof prisma;
const iso = (d: Date): IsoDate => d.toISOString().slice(0, 10);

async function loadBalance(db: Db, shopId: string, influencerId: string, holdDays: number, asOf: IsoDate): Promise<CommissionBalance> {
  const [orders, lines] = await Promise.all([
    db.attributedOrder.findMany({
      where: { shopId, influencerId },
      select: { shopifyOrderId: true, name: true, shopDate: true, commission: true },
    }),
    db.commissionStatementLine.findMany({
      where: { shopId, statement: { influencerId } },
      select: { shopifyOrderId: true, amount: true, statement: { select: { status: true } } },
    }),
  ]);
  return commissionBalance(
    orders.map((o) => ({ shopifyOrderId: o.shopifyOrderId, name: o.name, shopDate: iso(o.shopDate), commission: toDecimal(o.commission) })),
    lines.map((l) => ({ shopifyOrderId: l.shopifyOrderId, amount: toDecimal(l.amount), paid: l.statement.status === "PAID" })),
    holdDays,
    asOf,
  );
}

async function shopSettings(db: Db, shopId: string) {
  return db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { ianaTimezone: true, commissionHoldDays: true, currencyCode: true } });
}

/** An influencer's balance today (the shop's today at `now`), or null when not the shop's. */
export async function influencerBalance(shopId: string, influencerId: string, now = new Date()) {
  const exists = await prisma.influencer.findFirst({ where: { id: influencerId, shopId }, select: { id: true } });
  if (!exists) return null;
  const shop = await shopSettings(prisma, shopId);
  const asOf = shopDateOf(now, shop.ianaTimezone);
  return { asOf, holdDays: shop.commissionHoldDays, ...(await loadBalance(prisma, shopId, influencerId, shop.commissionHoldDays, asOf)) };
}

export type ApproveResult = { ok: true; statementId: string } | { ok: false; reason: "notFound" | "nothingDue" };

/**
 * Approves a statement of everything due today: orders whose hold period ended and the adjustments
 * of orders already stated. Its lines freeze the amounts. The influencer's row is locked, so two
 * approvals at once cannot state an order twice. Nothing is approved when the total is not
 * positive (a negative adjustment waits for the next commission to net against).
 */
export async function approveStatement(shopId: string, influencerId: string, now = new Date()): Promise<ApproveResult> {
  return prisma.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Influencer" WHERE id = ${influencerId} AND "shopId" = ${shopId} FOR UPDATE`;
    if (locked.length === 0) return { ok: false, reason: "notFound" } as const;
    const shop = await shopSettings(tx, shopId);
    const asOf = shopDateOf(now, shop.ianaTimezone);
    const balance = await loadBalance(tx, shopId, influencerId, shop.commissionHoldDays, asOf);
    const total = balance.payable.plus(balance.adjustments);
    if (balance.due.length === 0 || total.lte(0)) return { ok: false, reason: "nothingDue" } as const;
    const previous = await tx.commissionStatement.findFirst({ where: { shopId, influencerId }, orderBy: { periodEnd: "desc" } });
    const statement = await tx.commissionStatement.create({
      data: {
        shopId,
        influencerId,
        periodStart: previous ? dateColumn(addDays(iso(previous.periodEnd), 1)) : null,
        periodEnd: dateColumn(asOf),
        payable: balance.payable.toFixed(8),
        adjustments: balance.adjustments.toFixed(8),
        total: total.toFixed(8),
        approvedAt: now,
        lines: {
          create: balance.due.map((line) => ({
            shopId,
            shopifyOrderId: line.shopifyOrderId,
            orderName: line.name,
            shopDate: dateColumn(line.shopDate || asOf),
            kind: line.kind,
            amount: line.amount.toFixed(8),
          })),
        },
      },
    });
    return { ok: true, statementId: statement.id } as const;
  });
}

export interface PaymentInput {
  paidOn: IsoDate;
  reference: string | null;
  method: "MANUAL" | "PAYPAL" | "STORE_CREDIT" | "GIFT_CARD";
}

/**
 * Marks approved statements paid, one or many at once, all or nothing: false (nothing changed)
 * when any id is not an approved statement of the shop (unknown, another shop's, already paid)
 * or, given `influencerId`, not that influencer's.
 */
export async function markStatementsPaid(
  shopId: string,
  statementIds: readonly string[],
  payment: PaymentInput,
  influencerId?: string,
): Promise<boolean> {
  const ids = [...new Set(statementIds)];
  if (ids.length === 0) return false;
  return prisma.$transaction(async (tx) => {
    const updated = await tx.commissionStatement.updateMany({
      where: { shopId, id: { in: ids }, status: "APPROVED", ...(influencerId ? { influencerId } : {}) },
      data: { status: "PAID", paidOn: dateColumn(payment.paidOn), paymentReference: payment.reference, paymentMethod: payment.method },
    });
    if (updated.count !== ids.length) throw new NotAllApproved();
    return true;
  }).catch((error: unknown) => {
    if (error instanceof NotAllApproved) return false;
    throw error;
  });
}

class NotAllApproved extends Error {}

/** An influencer's statements, newest first, with what each period accrued (commission of its orders now). */
export async function listStatements(shopId: string, influencerId: string) {
  const statements = await prisma.commissionStatement.findMany({
    where: { shopId, influencerId },
    orderBy: [{ periodEnd: "desc" }, { createdAt: "desc" }],
    include: { lines: { orderBy: [{ shopDate: "asc" }, { shopifyOrderId: "asc" }] } },
  });
  return Promise.all(
    statements.map(async (s) => {
      const accrued = await prisma.attributedOrder.aggregate({
        where: {
          shopId,
          influencerId,
          shopDate: { ...(s.periodStart ? { gte: s.periodStart } : {}), lte: s.periodEnd },
        },
        _sum: { commission: true },
      });
      return {
        id: s.id,
        periodStart: s.periodStart ? iso(s.periodStart) : null,
        periodEnd: iso(s.periodEnd),
        status: s.status,
        accrued: toDecimal(accrued._sum.commission).toFixed(2),
        payable: toDecimal(s.payable).toFixed(2),
        adjustments: toDecimal(s.adjustments).toFixed(2),
        total: toDecimal(s.total).toFixed(2),
        paidOn: s.paidOn ? iso(s.paidOn) : null,
        paymentReference: s.paymentReference,
        paymentMethod: s.paymentMethod,
        lines: s.lines.map((l) => ({
          order: l.orderName,
          shopifyOrderId: l.shopifyOrderId.toString(),
          shopDate: iso(l.shopDate),
          kind: l.kind,
          amount: toDecimal(l.amount).toFixed(2),
        })),
      };
    }),
  );
}

/** Sets the shop's hold period (days, 0-365). */
export async function setHoldDays(shopId: string, days: number) {
  await prisma.shop.update({ where: { id: shopId }, data: { commissionHoldDays: days } });
}


/** The shop's approved statements awaiting payment, oldest first, with whom to pay. */
export async function approvedStatements(shopId: string) {
  const [shop, rows] = await Promise.all([
    prisma.shop.findUniqueOrThrow({ where: { id: shopId }, select: { currencyCode: true } }),
    prisma.commissionStatement.findMany({
      where: { shopId, status: "APPROVED" },
      orderBy: [{ periodEnd: "asc" }, { createdAt: "asc" }],
      include: { influencer: { select: { name: true, email: true } } },
    }),
  ]);
  return rows.map((s) => ({
    id: s.id,
    influencerId: s.influencerId,
    influencerName: s.influencer.name,
    email: s.influencer.email,
    periodStart: s.periodStart ? iso(s.periodStart) : null,
    periodEnd: iso(s.periodEnd),
    total: toDecimal(s.total).toFixed(2),
    currency: shop.currencyCode,
  }));
}

/** An approved statement of the influencer awaiting payment, with the email to pay, or null. */
export async function approvedStatementOf(shopId: string, influencerId: string, statementId: string) {
  const s = await prisma.commissionStatement.findFirst({
    where: { id: statementId, shopId, influencerId, status: "APPROVED" },
    include: { influencer: { select: { email: true, name: true } } },
  });
  return s ? { id: s.id, total: toDecimal(s.total), email: s.influencer.email, periodEnd: iso(s.periodEnd) } : null;
}
