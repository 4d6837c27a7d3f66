import { useCallback, useState } from "react";
import { useIntl } from "react-intl";
import type { MessageKey } from "../i18n/messages";

/** Field errors as routes return them: message keys, or Shopify's own text for its errors. */
export type FormErrors = Record<string, MessageKey | string> | undefined;

/**
 * The translated error of one field (for Polaris' `error` prop). A value that is not a known
 * message key is Shopify's own wording (a userError) and is shown as is.
 */
export function useFieldError(errors: FormErrors) {
  const intl = useIntl();
  return useCallback(
    (name: string): string | undefined => {
      const error = errors?.[name];
      if (!error) return undefined;
      return error in intl.messages ? intl.formatMessage({ id: error }) : error;
    },
    [errors, intl],
  );
}

/**
 * Controlled text state for Polaris inputs that still post natively: `field("name")` gives the
 * name, value and onChange a TextField or Select needs.
 */
export function useFields<T extends Record<string, string>>(initial: T) {
  const [values, setValues] = useState<T>(initial);
  const field = (name: keyof T & string) => ({
    name,
    value: values[name],
    onChange: (value: string) => setValues((current) => ({ ...current, [name]: value })),
  });
  return { values, setValues, field };
}
