import type { Language } from "./locales";

import en_common from "./messages/en/common.json";
import en_overview from "./messages/en/overview.json";
import en_activity from "./messages/en/activity.json";
import he_common from "./messages/he/common.json";
import he_overview from "./messages/he/overview.json";
import he_activity from "./messages/he/activity.json";
import ar_common from "./messages/ar/common.json";
import ar_overview from "./messages/ar/overview.json";
import ar_activity from "./messages/ar/activity.json";
import fa_common from "./messages/fa/common.json";
import fa_overview from "./messages/fa/overview.json";
import fa_activity from "./messages/fa/activity.json";
import th_common from "./messages/th/common.json";
import th_overview from "./messages/th/overview.json";
import th_activity from "./messages/th/activity.json";

/**
 * The catalogues, one JSON file per language and area (app/i18n/messages/<lang>/<area>.json), so
 * that work on different pages does not edit the same file. A new area is one import per language
 * here and one entry in each catalogue below.
 */
const en = { ...en_common, ...en_overview, ...en_activity };

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

export const MESSAGES: Record<Language, Partial<Messages>> = {
  en,
  he: { ...he_common, ...he_overview, ...he_activity },
  ar: { ...ar_common, ...ar_overview, ...ar_activity },
  fa: { ...fa_common, ...fa_overview, ...fa_activity },
  th: { ...th_common, ...th_overview, ...th_activity },
};

/** A language's messages, with English for any key a translation lacks (the tests forbid that). */
export function messagesFor(language: Language): Messages {
  return language === "en" ? en : { ...en, ...MESSAGES[language] };
}
