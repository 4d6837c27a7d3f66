import { Form } from "@remix-run/react";
import { AppProvider, BlockStack, Button, Card, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import { polarisTranslations } from "../i18n/polaris";
import { useState } from "react";
import { useIntl } from "react-intl";
import type { MessageKey } from "../i18n/messages";
import { useT } from "../i18n/use-i18n";

/**
 * The page a merchant sees at the app's address outside the Shopify admin (`/` and `/auth/login`):
 * a shop domain that `login(request)` turns into Shopify's install (or open) page for that shop.
 */
export function LoginForm({ error, intro = false }: { error?: MessageKey; intro?: boolean }) {
  const t = useT();
  const { locale } = useIntl();
  const [shop, setShop] = useState("");
  return (
    <AppProvider i18n={polarisTranslations(locale)}>
      <Page narrowWidth>
        <BlockStack gap="400">
          {intro ? (
            <BlockStack gap="200">
              <Text as="h1" variant="headingXl">
                CodeTrail
              </Text>
              <Text as="p">{t("login.intro")}</Text>
            </BlockStack>
          ) : null}
          <Card>
            <Form method="post" action="/auth/login" aria-label={t("login.title")}>
              <FormLayout>
                <Text as="h2" variant="headingMd">
                  {t("login.title")}
                </Text>
                <TextField
                  type="text"
                  name="shop"
                  label={t("login.shop")}
                  helpText={t("login.shop.help")}
                  value={shop}
                  onChange={setShop}
                  autoComplete="on"
                  error={error ? t(error) : undefined}
                />
                <Button submit variant="primary">
                  {t("login.submit")}
                </Button>
              </FormLayout>
            </Form>
          </Card>
        </BlockStack>
      </Page>
    </AppProvider>
  );
}
