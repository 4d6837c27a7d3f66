import { LoginErrorType, type LoginError } from "@shopify/shopify-app-remix/server";
import type { MessageKey } from "../../i18n/messages";

/** What `login(request)` found wrong with the shop domain, as a message key for the form. */
export function loginErrorMessage(loginErrors: LoginError): { shop?: MessageKey } {
  if (loginErrors?.shop === LoginErrorType.MissingShop) return { shop: "login.error.missingShop" };
  if (loginErrors?.shop === LoginErrorType.InvalidShop) return { shop: "login.error.invalidShop" };
  return {};
}
