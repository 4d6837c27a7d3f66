import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Layout, Page } from "@shopify/polaris";
import { EMPTY_INFLUENCER, InfluencerFields } from "../components/InfluencerFields";
import { RouteErrorBoundary } from "../components/RouteErrorBoundary";
import { useT } from "../i18n/use-i18n";
import { parseForm } from "../lib/form-validation";
import { influencerSchema } from "../lib/forms/influencer";
import { invalid } from "../lib/http.server";
import { createInfluencer } from "../models/influencers.server";
import { requireAdmin } from "../services/admin-context.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await requireAdmin(request);
  return null;
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const parsed = parseForm(influencerSchema, await request.formData());
  if (!parsed.ok) return invalid("create", parsed.fieldErrors, "validation.form");
  const result = await createInfluencer(shop.id, parsed.data);
  if (!result.ok) return invalid("create", result.fieldErrors, "validation.form");
  return redirect(`/app/influencers/${result.value.id}?created=1`);
};

export default function NewInfluencer() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  return (
    <Page title={t("influencers.new.title")} backAction={{ content: t("influencers.title"), url: "/app/influencers" }}>
      <Layout>
        <Layout.Section>
          <Form method="post" noValidate>
            <BlockStack gap="400">
              {actionData?.message ? (
                <Banner tone="critical">
                  <p>{t(actionData.message)}</p>
                </Banner>
              ) : null}
              <Card>
                <InfluencerFields initial={EMPTY_INFLUENCER} errors={actionData?.fieldErrors} />
              </Card>
              <InlineStack align="end">
                <Button submit variant="primary" loading={navigation.state === "submitting"}>
                  {t("influencers.new.submit")}
                </Button>
              </InlineStack>
            </BlockStack>
          </Form>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
