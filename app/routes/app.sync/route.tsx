import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { Banner, Card, DataTable, InlineStack, Layout, Page, Select, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useIntl } from "react-intl";
import { z } from "zod";
import { RouteErrorBoundary } from "../../components/RouteErrorBoundary";
import type { MessageKey } from "../../i18n/messages";
import { useT } from "../../i18n/use-i18n";
import { invalid, saved } from "../../lib/http.server";
import { JobStatusBadge, JobTable, SyncActionCard, SyncSubmit } from "./components";
import { requireAdmin } from "../../services/admin-context.server";
import { backfillCodeOptions, enqueueBackfill, recentBackfills } from "../../services/backfill.server";
import { enqueueBulkBackfill, recentBulkBackfills } from "../../services/bulk-backfill.server";
import { enqueueReconcile, reconcileOverview } from "../../services/reconcile.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const [reconcile, backfills, codes, bulk] = await Promise.all([
    reconcileOverview(shop.id),
    recentBackfills(shop.id),
    backfillCodeOptions(shop.id),
    recentBulkBackfills(shop.id),
  ]);
  return { timezone: shop.ianaTimezone, reconcile, backfills, codes, bulk };
};

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("reconcile") }),
  z.object({ intent: z.literal("backfill"), codeId: z.string().uuid() }),
  z.object({ intent: z.literal("bulk") }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return invalid("sync", { form: "validation.form" }, "validation.form");
  if (parsed.data.intent === "reconcile") {
    await enqueueReconcile(shop.id, true);
    return saved("reconcile");
  }
  if (parsed.data.intent === "bulk") {
    await enqueueBulkBackfill(shop, new Date());
    return saved("bulk");
  }
  await enqueueBackfill(shop.id, parsed.data.codeId);
  return saved("backfill");
};

/** Reconciliation and backfill status, with their buttons; refreshes every 2 s while work runs. */
export default function Sync() {
  const { timezone, reconcile, backfills, codes, bulk } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const revalidator = useRevalidator();
  const t = useT();
  const intl = useIntl();
  const [codeId, setCodeId] = useState(codes[0]?.id ?? "");
  const time = (iso: string) => intl.formatDate(new Date(iso), { timeZone: timezone, dateStyle: "medium", timeStyle: "short" });
  const running = [...reconcile.runs, ...backfills, ...bulk].some((j) => j.status === "QUEUED" || j.status === "RUNNING");
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 2000);
    return () => clearInterval(timer);
  }, [running, revalidator]);
  const lastFixes = reconcile.runs.find((r) => r.progress?.finished)?.progress?.fixes ?? [];

  const reconcileRows = reconcile.runs.map((run) => {
    const p = run.progress;
    const fixed = p?.fixed;
    const result = p?.skipped
      ? t("sync.reconcile.skipped")
      : run.lastError
        ? run.lastError
        : fixed && fixed.orders + fixed.refunds + fixed.cancellations + fixed.updates > 0
          ? t("sync.reconcile.fixed", { ...fixed })
          : p?.finished
            ? t("sync.reconcile.none")
            : "";
    return [time(run.createdAt), <JobStatusBadge key="status" status={run.status} />, intl.formatNumber(p?.checked ?? 0), result];
  });
  const backfillRows = backfills.map((job) => [
    time(job.createdAt),
    <bdi key="code">{job.progress.code}</bdi>,
    <JobStatusBadge key="status" status={job.status} />,
    job.lastError && job.status !== "SUCCEEDED"
      ? job.lastError
      : t("sync.backfill.progress", {
          done: intl.formatNumber(job.progress.scanned),
          total: intl.formatNumber(Math.max(job.total, job.progress.scanned)),
          seen: intl.formatNumber(job.progress.seen),
          imported: intl.formatNumber(job.progress.imported),
        }),
  ]);
  const bulkRows = bulk.map((job) => {
    const p = job.progress;
    const failure = p.failures[p.failures.length - 1];
    const notes = [
      p.operationStatus === "CREATED" || p.operationStatus === "RUNNING"
        ? t("sync.bulk.waiting", { objects: intl.formatNumber(p.objectCount) })
        : t("sync.bulk.progress", { read: intl.formatNumber(p.ordersRead), applied: intl.formatNumber(p.ordersApplied) }),
      failure ? t("sync.bulk.failed", { code: failure.errorCode ?? "—", partial: intl.formatNumber(failure.partialOrders) }) : null,
      job.status === "FAILED" && job.lastError ? job.lastError : null,
    ].filter(Boolean);
    return [
      time(job.createdAt),
      p.from ? t("sync.bulk.window.since", { date: intl.formatDate(new Date(p.from), { timeZone: timezone, dateStyle: "medium" }) }) : t("sync.bulk.window.all"),
      <JobStatusBadge key="status" status={job.status} />,
      <span key="progress" data-testid="bulk-progress">
        {notes.join(" · ")}
      </span>,
    ];
  });

  return (
    <Page title={t("sync.title")} subtitle={t("sync.subtitle")}>
      <Layout>
        {actionData?.ok ? (
          <Layout.Section>
            <Banner tone="info">
              <p>{t(actionData.intent === "reconcile" ? "sync.reconcile.queued" : actionData.intent === "bulk" ? "sync.bulk.queued" : "sync.backfill.queued")}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <SyncActionCard intent="reconcile" heading="sync.reconcile.heading" body="sync.reconcile.body" run="sync.reconcile.run" primary>
            <Text as="p" tone="subdued" data-testid="reconcile-checkpoint">
              {reconcile.reconciledUntil ? t("sync.reconcile.checkpoint", { time: time(reconcile.reconciledUntil) }) : t("sync.reconcile.never")}
              {reconcile.nextReconcileAt ? ` · ${t("sync.reconcile.next", { time: time(reconcile.nextReconcileAt) })}` : ""}
            </Text>
            <Form method="post">
              <input type="hidden" name="intent" value="reconcile" />
              <SyncSubmit intent="reconcile" label="sync.reconcile.run" primary />
            </Form>
          </SyncActionCard>
        </Layout.Section>
        <Layout.Section>
          <JobTable empty="sync.reconcile.empty" headings={["sync.col.started", "sync.col.status", "sync.col.checked", "sync.col.result"]} rows={reconcileRows} numericThird />
        </Layout.Section>
        {lastFixes.length ? (
          <Layout.Section>
            <Card padding="0">
              <DataTable
                columnContentTypes={["text", "text"]}
                headings={[t("sync.col.order"), t("sync.fixes.title")]}
                rows={lastFixes.map((fix) => [<bdi key="name">{fix.name}</bdi>, fix.changes.map((c) => t(`sync.change.${c}` as MessageKey)).join(", ")])}
              />
            </Card>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <SyncActionCard intent="backfill" heading="sync.backfill.heading" body="sync.backfill.body" run="sync.backfill.run">
            {codes.length ? (
              <Form method="post">
                <input type="hidden" name="intent" value="backfill" />
                <InlineStack gap="300" blockAlign="end">
                  <Select label={t("sync.backfill.code")} name="codeId" options={codes.map((c) => ({ label: c.code, value: c.id }))} value={codeId} onChange={setCodeId} />
                  <SyncSubmit intent="backfill" label="sync.backfill.run" />
                </InlineStack>
              </Form>
            ) : null}
          </SyncActionCard>
        </Layout.Section>
        <Layout.Section>
          <JobTable empty="sync.backfill.empty" headings={["sync.col.started", "sync.col.code", "sync.col.status", "sync.col.progress"]} rows={backfillRows} />
        </Layout.Section>
        <Layout.Section>
          <SyncActionCard intent="bulk" heading="sync.bulk.heading" body="sync.bulk.body" run="sync.bulk.run" />
        </Layout.Section>
        <Layout.Section>
          <JobTable empty="sync.bulk.empty" headings={["sync.col.started", "sync.col.window", "sync.col.status", "sync.col.progress"]} rows={bulkRows} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
