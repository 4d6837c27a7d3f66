import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import type { MessageKey } from "../i18n/messages";
import { useT } from "../i18n/use-i18n";
import type { FormResult } from "../lib/http.server";

/**
 * A card holding one form of a page whose action switches on `intent`: its heading, the form's
 * own error banner, the fields (given this form's result for their errors), and Save with a
 * "saved" status.
 */
export function IntentFormCard({
  intent,
  title,
  saveLabel,
  savedLabel,
  children,
}: {
  intent: string;
  title: MessageKey;
  saveLabel: MessageKey;
  savedLabel: MessageKey;
  children: (result: FormResult | undefined) => ReactNode;
}) {
  const t = useT();
  const fetcher = useFetcher<FormResult>();
  const result = fetcher.data?.intent === intent ? fetcher.data : undefined;
  return (
    <Card>
      <fetcher.Form method="post" noValidate>
        <input type="hidden" name="intent" value={intent} />
        <BlockStack gap="400">
          <Text as="h2" variant="headingMd">
            {t(title)}
          </Text>
          {result?.message ? (
            <Banner tone="critical">
              <p>{t(result.message)}</p>
            </Banner>
          ) : null}
          {children(result)}
          <InlineStack align="end" gap="300" blockAlign="center">
            {result?.ok ? (
              <span role="status">
                <Text as="span" tone="success">
                  {t(savedLabel)}
                </Text>
              </span>
            ) : null}
            <Button submit variant="primary" loading={fetcher.state !== "idle"}>
              {t(saveLabel)}
            </Button>
          </InlineStack>
        </BlockStack>
      </fetcher.Form>
    </Card>
  );
}
