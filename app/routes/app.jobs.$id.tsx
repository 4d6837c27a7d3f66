import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, InlineStack, Layout, Page, ProgressBar, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { RouteErrorBoundary } from "../components/RouteErrorBoundary";
import type { MessageKey } from "../i18n/messages";
import { useT } from "../i18n/use-i18n";
import { requireAdmin } from "../services/admin-context.server";
import { codeGenerationProgress } from "../services/code-generation.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const progress = await codeGenerationProgress(shop.id, params.id ?? "");
  if (!progress) throw new Response("Not found", { status: 404 });
  return progress;
};

const ITEM_TONE = { pending: undefined, created: "success", failed: "critical" } as const;

/** Progress of a bulk code generation, refreshed every second until the job has finished. */
export default function JobProgress() {
  const job = useLoaderData<typeof loader>();
  const t = useT();
  const revalidator = useRevalidator();
  const running = job.status === "QUEUED" || job.status === "RUNNING";
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 1000);
    return () => clearInterval(timer);
  }, [running, revalidator]);
  const navigation = useNavigation();
  const finished = job.done + job.failed;
  // Created codes fill the bar; failed rows are said in words and can be retried, not painted red
  // over the codes that did get created.
  const tone = !running && job.failed > 0 && job.done === 0 ? "critical" : running ? "primary" : "success";
  return (
    <Page title={t("jobs.title")} backAction={{ content: t("jobs.back"), url: "/app/influencers" }}>
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="p" variant="headingMd">
                {t(`jobs.status.${job.status}` as MessageKey)}
              </Text>
              <ProgressBar progress={job.total ? Math.round(((running ? finished : job.done) / job.total) * 100) : 0} tone={tone} />
              <Text as="p" data-testid="job-progress">
                {t("jobs.progress", { done: job.done, total: job.total, failed: job.failed })}
              </Text>
              {!running && job.failed > 0 ? (
                <Banner tone={job.done > 0 ? "warning" : "critical"} title={t("jobs.partial", { done: job.done, failed: job.failed })}>
                  <Form method="post" action="/app/codes/generate">
                    <input type="hidden" name="intent" value="retry" />
                    <input type="hidden" name="jobId" value={job.id} />
                    <InlineStack gap="200">
                      <Button submit loading={navigation.state === "submitting"}>
                        {t("jobs.retryFailed", { count: job.failed })}
                      </Button>
                    </InlineStack>
                  </Form>
                </Banner>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <DataTable
              columnContentTypes={["text", "text", "text", "text"]}
              headings={[t("jobs.col.influencer"), t("jobs.col.status"), t("jobs.col.code"), t("jobs.col.details")]}
              rows={job.items.map((item) => [
                <Link key="name" to={`/app/influencers/${item.influencerId}`}>
                  {item.name}
                </Link>,
                <Badge key="status" tone={ITEM_TONE[item.status]}>
                  {t(`jobs.item.${item.status}` as MessageKey)}
                </Badge>,
                item.code ? <bdi key="code">{item.code}</bdi> : "",
                item.error
                  ? t.safe(item.error)
                  : item.code && item.requestedCode && item.requestedCode !== item.code
                    ? t("jobs.item.variant", { requested: item.requestedCode, code: item.code })
                    : "",
              ])}
            />
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
