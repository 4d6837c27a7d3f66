import type { MessageKey } from "../../i18n/messages";
import { codeSettingsSchema, parseCodeOfferChange } from "../../lib/code-settings";
import { parseForm } from "../../lib/form-validation";
import { commissionSchema, commissionStartSchema } from "../../lib/forms/commission";
import { markPaidSchema } from "../../lib/forms/payout";
import { costSchema } from "../../lib/forms/cost";
import { influencerSchema } from "../../lib/forms/influencer";
import { invalid, notFound, saved } from "../../lib/http.server";
import { shopDateOf } from "../../lib/shop-dates";
import { addCampaignMembers, removeCampaignMember } from "../../models/campaigns.server";
import { setCommissionRule } from "../../models/commission-rules.server";
import { approveStatement, markStatementsPaid } from "../../models/payouts.server";
import { payStatementInShop } from "../../services/payouts.server";
import { addCost, deleteCost } from "../../models/costs.server";
import { findInfluencerCode, influencerExists, influencerHasCode, updateInfluencer } from "../../models/influencers.server";
import type { ShopRecord } from "../../models/shop.server";
import type { AdminGraphqlClient } from "../../services/admin-client.server";
import {
  createInfluencerCode,
  endCode,
  linkExistingCode,
  retryCodeSync,
  setCodeActive,
  updateCodeOffer,
} from "../../services/discount-codes.server";

/** What every handler gets: the shop, its Admin API, the influencer's id (from the URL, not yet checked) and the form. */
export interface InfluencerActionContext {
  shop: ShopRecord;
  admin: AdminGraphqlClient;
  id: string;
  form: FormData;
}

const field = (form: FormData, name: string) => String(form.get(name) ?? "");

async function requireCode(shopId: string, influencerId: string, codeId: string) {
  if (!(await influencerHasCode(shopId, influencerId, codeId))) notFound();
}

/** The influencer page's form intents, one handler each. Unknown ids answer 404, bad input 400 with nothing changed. */
export const influencerActions = {
  async profile({ shop, id, form }: InfluencerActionContext) {
    const parsed = parseForm(influencerSchema, form);
    if (!parsed.ok) return invalid("profile", parsed.fieldErrors, "validation.form");
    const result = (await updateInfluencer(shop.id, id, parsed.data)) ?? notFound();
    return result.ok ? saved("profile") : invalid("profile", result.fieldErrors, "validation.form");
  },
  async addCost({ shop, id, form }: InfluencerActionContext) {
    const parsed = parseForm(costSchema(shop.currencyCode), form);
    if (!parsed.ok) return invalid("addCost", parsed.fieldErrors, "validation.form");
    const result = await addCost(shop.id, id, parsed.data);
    if (!result.ok && result.reason === "influencer") notFound();
    return result.ok ? saved("addCost") : invalid("addCost", { campaignId: "validation.notFound" }, "validation.form");
  },
  async deleteCost({ shop, id, form }: InfluencerActionContext) {
    return (await deleteCost(shop.id, id, field(form, "costId"))) ? saved("deleteCost") : notFound();
  },
  async commission({ shop, id, form }: InfluencerActionContext) {
    const parsed = parseForm(commissionSchema, form);
    const start = parseForm(commissionStartSchema, form);
    if (!parsed.ok || !start.ok) {
      return invalid("commission", { ...(parsed.ok ? {} : parsed.fieldErrors), ...(start.ok ? {} : start.fieldErrors) }, "validation.form");
    }
    const result = await setCommissionRule(shop.id, { influencerId: id }, parsed.data, { startsOn: start.data.startsOn, now: new Date() });
    if (result === "notFound") notFound();
    if (result === "startsInPast" || result === "startsBeforeLatest") {
      return invalid("commission", { startsOn: `validation.commission.${result}` }, "validation.form");
    }
    return saved("commission");
  },
  async approveStatement({ shop, id }: InfluencerActionContext) {
    const result = await approveStatement(shop.id, id, new Date());
    if (!result.ok && result.reason === "notFound") notFound();
    return result.ok ? saved("approveStatement", { statementId: result.statementId }) : invalid("approveStatement", {}, "payouts.nothingDue");
  },
  async markPaid({ shop, id, form }: InfluencerActionContext) {
    const parsed = parseForm(markPaidSchema, { ...Object.fromEntries(form), statementId: form.getAll("statementId").map(String) });
    if (!parsed.ok) return invalid("markPaid", parsed.fieldErrors, "validation.form");
    const { statementId, ...payment } = parsed.data;
    return (await markStatementsPaid(shop.id, statementId, payment, id)) ? saved("markPaid") : invalid("markPaid", {}, "payouts.notApproved");
  },
  async payInShop({ shop, admin, id, form }: InfluencerActionContext) {
    const method = field(form, "method");
    if (method !== "STORE_CREDIT" && method !== "GIFT_CARD") return invalid("payInShop", { method: "validation.choice" }, "validation.form");
    const result = await payStatementInShop(admin, shop, id, field(form, "statementId"), method);
    return result.ok ? saved("payInShop", { reference: result.reference }) : invalid("payInShop", {}, result.error as MessageKey); // a key, or Shopify's own words (shown through t.safe)
  },
  async joinCampaign({ shop, id, form }: InfluencerActionContext) {
    const campaignId = field(form, "campaignId");
    if (!campaignId) return invalid("joinCampaign", { campaignId: "validation.required" });
    return (await addCampaignMembers(shop.id, campaignId, [id])) ? saved("joinCampaign") : notFound();
  },
  async leaveCampaign({ shop, id, form }: InfluencerActionContext) {
    return (await removeCampaignMember(shop.id, field(form, "campaignId"), id)) ? saved("leaveCampaign") : notFound();
  },
  async createCode({ shop, admin, id, form }: InfluencerActionContext) {
    if (!(await influencerExists(shop.id, id))) notFound();
    const parsed = parseForm(codeSettingsSchema(shopDateOf(new Date(), shop.ianaTimezone)), form);
    if (!parsed.ok) return invalid("createCode", parsed.fieldErrors);
    const result = await createInfluencerCode(admin, shop, id, parsed.data);
    if (!result.ok) return invalid("createCode", result.fieldErrors);
    return saved("createCode", { code: result.code.code, requestedCode: result.requestedCode, chosenCode: result.chosenCode });
  },
  async linkCode({ shop, admin, id, form }: InfluencerActionContext) {
    if (!(await influencerExists(shop.id, id))) notFound();
    const result = await linkExistingCode(admin, shop, id, field(form, "code"));
    return result.ok ? saved("linkCode", { code: result.code.code }) : invalid("linkCode", result.fieldErrors);
  },
  async codeActive({ shop, admin, id, form }: InfluencerActionContext) {
    const codeId = field(form, "codeId");
    await requireCode(shop.id, id, codeId);
    const result = await setCodeActive(admin, shop, codeId, form.get("active") === "true");
    return result.ok ? saved("codeActive") : invalid("codeActive", { form: result.error });
  },
  async retryCode({ shop, admin, id, form }: InfluencerActionContext) {
    const codeId = field(form, "codeId");
    await requireCode(shop.id, id, codeId);
    const result = await retryCodeSync(admin, shop, codeId);
    return result.ok ? saved("retryCode") : invalid("retryCode", { form: result.error });
  },
  async editCode({ shop, admin, id, form }: InfluencerActionContext) {
    const codeId = field(form, "codeId");
    const row = (await findInfluencerCode(shop.id, id, codeId)) ?? notFound();
    const parsed = parseCodeOfferChange(row.valueType, Object.fromEntries(form), shopDateOf(new Date(), shop.ianaTimezone));
    if (!parsed.ok) return invalid("editCode", parsed.fieldErrors);
    const result = await updateCodeOffer(admin, shop, codeId, parsed.change);
    return result.ok ? saved("editCode") : invalid("editCode", result.fieldErrors);
  },
  async endCode({ shop, admin, id, form }: InfluencerActionContext) {
    const codeId = field(form, "codeId");
    await requireCode(shop.id, id, codeId);
    const result = await endCode(admin, shop, codeId);
    return result.ok ? saved("endCode") : invalid("endCode", { form: result.error });
  },
};
