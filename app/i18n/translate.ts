import { IntlMessageFormat } from "intl-messageformat";
import type { ResolvedLocale } from "./locales";
import { messagesFor, type MessageKey } from "./messages";

/** A translate function outside React (emails, direct messages): ICU messages in that locale. */
export function translator(resolved: ResolvedLocale) {
  const messages = messagesFor(resolved.language);
  return (key: MessageKey, values?: Record<string, string | number>) => String(new IntlMessageFormat(messages[key], resolved.locale).format(values));
}

export type Translate = ReturnType<typeof translator>;
