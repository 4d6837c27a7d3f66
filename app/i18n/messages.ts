import ar from "./messages/ar.json";
import en from "./messages/en.json";
import fa from "./messages/fa.json";
import he from "./messages/he.json";
import th from "./messages/th.json";
import type { Language } from "./locales";

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

export const MESSAGES: Record<Language, Messages> = { en, he, ar, fa, th };

/** A language's messages, with English for any key a translation lacks (the tests forbid that). */
export function messagesFor(language: Language): Messages {
  return language === "en" ? en : { ...en, ...MESSAGES[language] };
}
