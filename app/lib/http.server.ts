import { data } from "@remix-run/node";
import type { MessageKey } from "../i18n/messages";

/** What the admin pages' actions answer: which form it was, whether it saved, and field errors. */
export interface FormResult {
  intent: string;
  ok: boolean;
  fieldErrors: Record<string, MessageKey | string>;
  /** A message for the whole form (success or failure). */
  message?: MessageKey;
  /** Changes on every success, so a form can reset itself (React key). */
  savedAt?: number;
  [extra: string]: unknown;
}

export function saved<E extends Record<string, unknown> = Record<never, never>>(intent: string, extra?: E) {
  return { intent, ok: true as const, fieldErrors: {} as FormResult["fieldErrors"], savedAt: Date.now(), ...(extra as E) };
}

/** A 400 with the fields to fix; nothing was changed. */
export function invalid(intent: string, fieldErrors: FormResult["fieldErrors"], message?: MessageKey) {
  return data({ intent, ok: false, fieldErrors, ...(message ? { message } : {}) } satisfies FormResult, { status: 400 });
}

export function notFound(): never {
  throw new Response("Not Found", { status: 404, statusText: "Not Found" });
}
