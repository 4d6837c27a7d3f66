/**
 * What a webhook delivery did, as a message the Activity page can translate. The ledger writes its
 * outcome details as fixed English notes (prisma/sql/functions/codetrail_apply.sql,
 * app/models/order-ledger.server.ts, app/services/webhook-ingest.server.ts); each known note is
 * read back here into a message key and its values. A note not recognised (an error's text) is
 * shown as it is: it is technical, and translating it would hide what happened. Pure, no I/O.
 */
export type DeliveryMessage =
  | { key: "activity.d.attributed" | "activity.d.updated"; order: string; refunds: number; test: boolean; cancelled: boolean }
  | { key: "activity.d.noMatch"; order: string }
  | { key: "activity.d.stale"; order: string; refunds: number }
  | { key: "activity.d.refund" | "activity.d.refundKept" | "activity.d.refundAgain"; refundId: string; amount: string; order: string }
  | { key: "activity.d.notInstalled" | "activity.d.alreadyRecorded" | "activity.d.scopesLater" | "activity.d.noSession" }
  | { key: "activity.d.redacted"; count: number }
  | { key: "activity.d.shopDeleted"; sessions: number }
  | { key: "activity.d.uninstalled"; sessions: number }
  | { key: "activity.d.scopes"; scopes: string; sessions: number }
  | { key: "activity.d.dataRequest"; orders: number; refunds: number };

const REFUNDS = "(?:, (\\d+) new refund\\(s\\))?";

export function describeDelivery(detail: string | null): DeliveryMessage | null {
  if (!detail) return null;
  let m: RegExpMatchArray | null;
  if ((m = detail.match(new RegExp(`^(.+?) (attributed|updated)(?: \\(([a-z ,]+)\\))?${REFUNDS}$`)))) {
    const flags = m[3] ?? "";
    return {
      key: m[2] === "attributed" ? "activity.d.attributed" : "activity.d.updated",
      order: m[1]!,
      refunds: Number(m[4] ?? 0),
      test: flags.includes("test order"),
      cancelled: flags.includes("cancelled"),
    };
  }
  if ((m = detail.match(/^(.+?): no influencer code or tracking link$/))) return { key: "activity.d.noMatch", order: m[1]! };
  if ((m = detail.match(new RegExp(`^(.+?): older than the stored version${REFUNDS}$`)))) {
    return { key: "activity.d.stale", order: m[1]!, refunds: Number(m[2] ?? 0) };
  }
  if ((m = detail.match(/^refund (\d+) of (.+?) on order (.+?)( was already recorded| kept until the order arrives)?$/))) {
    const key = m[4] === " was already recorded" ? "activity.d.refundAgain" : m[4] ? "activity.d.refundKept" : "activity.d.refund";
    return { key, refundId: m[1]!, amount: m[2]!, order: m[3]! };
  }
  if (detail === "shop not installed: nothing stored") return { key: "activity.d.notInstalled" };
  if (detail === "already recorded") return { key: "activity.d.alreadyRecorded" };
  if (detail === "a later scopes update was already applied") return { key: "activity.d.scopesLater" };
  if (detail === "no session for this shop") return { key: "activity.d.noSession" };
  if ((m = detail.match(/^customer redacted on (\d+) order\(s\)$/))) return { key: "activity.d.redacted", count: Number(m[1]) };
  if ((m = detail.match(/^shop data deleted \(\d+ shop, (\d+) session\(s\)\)$/))) return { key: "activity.d.shopDeleted", sessions: Number(m[1]) };
  if ((m = detail.match(/^uninstalled, (\d+) session\(s\) ended$/))) return { key: "activity.d.uninstalled", sessions: Number(m[1]) };
  if ((m = detail.match(/^scopes (.+) on (\d+) session\(s\)$/))) return { key: "activity.d.scopes", scopes: m[1]!, sessions: Number(m[2]) };
  if ((m = detail.match(/^data request report stored: (\d+) order\(s\), (\d+) refund\(s\)$/))) {
    return { key: "activity.d.dataRequest", orders: Number(m[1]), refunds: Number(m[2]) };
  }
  return null;
}

/** The order names whose attribution the page should spell out (to whom, how). */
export function attributedOrderNames(messages: (DeliveryMessage | null)[]): string[] {
  const names = messages.flatMap((m) => (m && (m.key === "activity.d.attributed" || m.key === "activity.d.updated") ? [m.order] : []));
  return [...new Set(names)];
}
