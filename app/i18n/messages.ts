import type { Language } from "./locales";

import en_common from "./messages/en/common.json";
import en_overview from "./messages/en/overview.json";
import en_activity from "./messages/en/activity.json";
import en_influencers from "./messages/en/influencers.json";
import en_campaigns from "./messages/en/campaigns.json";
import en_costs from "./messages/en/costs.json";
import en_codeui from "./messages/en/codeui.json";
import en_validation from "./messages/en/validation.json";
import en_codes from "./messages/en/codes.json";
import en_dashboard from "./messages/en/dashboard.json";
import en_reports from "./messages/en/reports.json";
import en_portal from "./messages/en/portal.json";
import en_links from "./messages/en/links.json";
import en_content from "./messages/en/content.json";
import en_sync from "./messages/en/sync.json";
import en_outreach from "./messages/en/outreach.json";
import en_survey from "./messages/en/survey.json";
import en_results from "./messages/en/results.json";
import en_summary from "./messages/en/summary.json";
import en_lift from "./messages/en/lift.json";
import en_attribution from "./messages/en/attribution.json";
import he_common from "./messages/he/common.json";
import he_overview from "./messages/he/overview.json";
import he_activity from "./messages/he/activity.json";
import he_influencers from "./messages/he/influencers.json";
import he_campaigns from "./messages/he/campaigns.json";
import he_costs from "./messages/he/costs.json";
import he_codeui from "./messages/he/codeui.json";
import he_validation from "./messages/he/validation.json";
import he_codes from "./messages/he/codes.json";
import he_dashboard from "./messages/he/dashboard.json";
import he_reports from "./messages/he/reports.json";
import he_portal from "./messages/he/portal.json";
import he_links from "./messages/he/links.json";
import he_content from "./messages/he/content.json";
import he_sync from "./messages/he/sync.json";
import he_outreach from "./messages/he/outreach.json";
import he_survey from "./messages/he/survey.json";
import he_results from "./messages/he/results.json";
import he_summary from "./messages/he/summary.json";
import he_lift from "./messages/he/lift.json";
import he_attribution from "./messages/he/attribution.json";
import ar_common from "./messages/ar/common.json";
import ar_overview from "./messages/ar/overview.json";
import ar_activity from "./messages/ar/activity.json";
import ar_influencers from "./messages/ar/influencers.json";
import ar_campaigns from "./messages/ar/campaigns.json";
import ar_costs from "./messages/ar/costs.json";
import ar_codeui from "./messages/ar/codeui.json";
import ar_validation from "./messages/ar/validation.json";
import ar_codes from "./messages/ar/codes.json";
import ar_dashboard from "./messages/ar/dashboard.json";
import ar_reports from "./messages/ar/reports.json";
import ar_portal from "./messages/ar/portal.json";
import ar_links from "./messages/ar/links.json";
import ar_content from "./messages/ar/content.json";
import ar_sync from "./messages/ar/sync.json";
import ar_outreach from "./messages/ar/outreach.json";
import ar_survey from "./messages/ar/survey.json";
import ar_results from "./messages/ar/results.json";
import ar_summary from "./messages/ar/summary.json";
import ar_lift from "./messages/ar/lift.json";
import ar_attribution from "./messages/ar/attribution.json";
import fa_common from "./messages/fa/common.json";
import fa_overview from "./messages/fa/overview.json";
import fa_activity from "./messages/fa/activity.json";
import fa_influencers from "./messages/fa/influencers.json";
import fa_campaigns from "./messages/fa/campaigns.json";
import fa_costs from "./messages/fa/costs.json";
import fa_codeui from "./messages/fa/codeui.json";
import fa_validation from "./messages/fa/validation.json";
import fa_codes from "./messages/fa/codes.json";
import fa_dashboard from "./messages/fa/dashboard.json";
import fa_reports from "./messages/fa/reports.json";
import fa_portal from "./messages/fa/portal.json";
import fa_links from "./messages/fa/links.json";
import fa_content from "./messages/fa/content.json";
import fa_sync from "./messages/fa/sync.json";
import fa_outreach from "./messages/fa/outreach.json";
import fa_survey from "./messages/fa/survey.json";
import fa_results from "./messages/fa/results.json";
import fa_summary from "./messages/fa/summary.json";
import fa_lift from "./messages/fa/lift.json";
import fa_attribution from "./messages/fa/attribution.json";
import th_common from "./messages/th/common.json";
import th_overview from "./messages/th/overview.json";
import th_activity from "./messages/th/activity.json";
import th_influencers from "./messages/th/influencers.json";
import th_campaigns from "./messages/th/campaigns.json";
import th_costs from "./messages/th/costs.json";
import th_codeui from "./messages/th/codeui.json";
import th_validation from "./messages/th/validation.json";
import th_codes from "./messages/th/codes.json";
import th_dashboard from "./messages/th/dashboard.json";
import th_reports from "./messages/th/reports.json";
import th_portal from "./messages/th/portal.json";
import th_links from "./messages/th/links.json";
import th_content from "./messages/th/content.json";
import th_sync from "./messages/th/sync.json";
import th_outreach from "./messages/th/outreach.json";
import th_survey from "./messages/th/survey.json";
import th_results from "./messages/th/results.json";
import th_summary from "./messages/th/summary.json";
import th_lift from "./messages/th/lift.json";
import th_attribution from "./messages/th/attribution.json";

/**
 * The catalogues, one JSON file per language and area (app/i18n/messages/<lang>/<area>.json), so
 * that work on different pages does not edit the same file. A new area is one import per language
 * here and one entry in each catalogue below.
 */
const en = { ...en_common, ...en_overview, ...en_activity, ...en_influencers, ...en_campaigns, ...en_costs, ...en_codeui, ...en_validation, ...en_codes, ...en_dashboard, ...en_reports, ...en_sync, ...en_portal, ...en_links, ...en_content, ...en_outreach, ...en_survey, ...en_results, ...en_summary, ...en_lift, ...en_attribution };

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

export const MESSAGES: Record<Language, Partial<Messages>> = {
  en,
  he: { ...he_common, ...he_overview, ...he_activity, ...he_influencers, ...he_campaigns, ...he_costs, ...he_codeui, ...he_validation, ...he_codes, ...he_dashboard, ...he_reports, ...he_sync, ...he_portal, ...he_links, ...he_content, ...he_outreach, ...he_survey, ...he_results, ...he_summary, ...he_lift, ...he_attribution },
  ar: { ...ar_common, ...ar_overview, ...ar_activity, ...ar_influencers, ...ar_campaigns, ...ar_costs, ...ar_codeui, ...ar_validation, ...ar_codes, ...ar_dashboard, ...ar_reports, ...ar_sync, ...ar_portal, ...ar_links, ...ar_content, ...ar_outreach, ...ar_survey, ...ar_results, ...ar_summary, ...ar_lift, ...ar_attribution },
  fa: { ...fa_common, ...fa_overview, ...fa_activity, ...fa_influencers, ...fa_campaigns, ...fa_costs, ...fa_codeui, ...fa_validation, ...fa_codes, ...fa_dashboard, ...fa_reports, ...fa_sync, ...fa_portal, ...fa_links, ...fa_content, ...fa_outreach, ...fa_survey, ...fa_results, ...fa_summary, ...fa_lift, ...fa_attribution },
  th: { ...th_common, ...th_overview, ...th_activity, ...th_influencers, ...th_campaigns, ...th_costs, ...th_codeui, ...th_validation, ...th_codes, ...th_dashboard, ...th_reports, ...th_sync, ...th_portal, ...th_links, ...th_content, ...th_outreach, ...th_survey, ...th_results, ...th_summary, ...th_lift, ...th_attribution },
};

/** A language's messages, with English for any key a translation lacks (the tests forbid that). */
export function messagesFor(language: Language): Messages {
  return language === "en" ? en : { ...en, ...MESSAGES[language] };
}
