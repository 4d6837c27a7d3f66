import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useSearchParams, useSubmit, useNavigation, useActionData } from "@remix-run/react";
import {
  Banner,
  Card,
  EmptyState,
  IndexFilters,
  IndexTable,
  InlineStack,
  Layout,
  Link,
  Page,
  Pagination,
  Text,
  useIndexResourceState,
  useSetIndexFiltersMode,
  IndexFiltersMode,
  type TabProps,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { RouteErrorBoundary } from "../components/RouteErrorBoundary";
import { PlatformHandle, StatusBadge } from "../components/influencer-bits";
import type { InfluencerStatus } from "../generated/prisma/enums";
import type { MessageKey } from "../i18n/messages";
import { useFormat, useT } from "../i18n/use-i18n";
import { bulkStatusSchema, INFLUENCER_STATUSES } from "../lib/forms/influencer";
import { parseForm } from "../lib/form-validation";
import { invalid, saved } from "../lib/http.server";
import { INFLUENCER_SORTS, listInfluencers, setInfluencerStatus, type InfluencerSort } from "../models/influencers.server";
import { requireAdmin } from "../services/admin-context.server";

const PAGE_SIZE = 50;

function listOptions(url: URL) {
  const status = url.searchParams.get("status")?.toUpperCase();
  const [sortKey, direction] = (url.searchParams.get("sort") ?? "name asc").split(" ");
  const page = Number(url.searchParams.get("page") ?? "1");
  return {
    query: (url.searchParams.get("query") ?? "").slice(0, 200),
    status: (INFLUENCER_STATUSES as readonly string[]).includes(status ?? "") ? (status as InfluencerStatus) : null,
    sort: (INFLUENCER_SORTS as readonly string[]).includes(sortKey) ? (sortKey as InfluencerSort) : "name",
    direction: direction === "desc" ? ("desc" as const) : ("asc" as const),
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const options = listOptions(new URL(request.url));
  const { influencers, hasNext, hasPrevious } = await listInfluencers(shop.id, { ...options, pageSize: PAGE_SIZE });
  return {
    options,
    hasNext,
    hasPrevious,
    influencers: influencers.map((i) => ({
      id: i.id,
      name: i.name,
      email: i.email,
      status: i.status,
      createdAt: i.createdAt.toISOString().slice(0, 10),
      handles: i.handles.map((h) => ({ platform: h.platform, handle: h.handle })),
      codes: i._count.discountCodes,
      campaigns: i._count.campaigns,
    })),
  };
};

/** Bulk status change (pause, activate, archive) for the selected influencers. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const form = await request.formData();
  const parsed = parseForm(bulkStatusSchema, { status: form.get("status"), ids: form.getAll("ids") });
  if (!parsed.ok) return invalid("status", parsed.fieldErrors, "validation.form");
  const count = await setInfluencerStatus(shop.id, parsed.data.ids, parsed.data.status);
  return saved("status", { count, status: parsed.data.status });
};

const STATUS_TABS: (InfluencerStatus | null)[] = [null, "ACTIVE", "PAUSED", "ARCHIVED"];
const TAB_LABEL: Record<string, MessageKey> = {
  all: "influencers.tab.all",
  ACTIVE: "influencers.status.ACTIVE",
  PAUSED: "influencers.status.PAUSED",
  ARCHIVED: "influencers.status.ARCHIVED",
};

export default function InfluencerIndex() {
  const { influencers, options, hasNext, hasPrevious } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const f = useFormat();
  const navigate = useNavigate();
  const submit = useSubmit();
  const navigation = useNavigation();
  const [searchParams, setSearchParams] = useSearchParams();
  const { mode, setMode } = useSetIndexFiltersMode(options.query ? IndexFiltersMode.Filtering : IndexFiltersMode.Default);
  const [query, setQuery] = useState(options.query);
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(
    influencers,
  );

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === "") next.delete(key);
      else next.set(key, value);
    }
    if (!("page" in changes)) next.delete("page");
    setSearchParams(next, { replace: true, preventScrollReset: true });
  };

  // Search as the owner types, a moment after the last key.
  useEffect(() => {
    if (query === options.query) return;
    const timer = setTimeout(() => update({ query }), 300);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query]);

  const tabs: TabProps[] = STATUS_TABS.map((status, index) => ({
    id: `status-${status ?? "all"}`,
    content: t(TAB_LABEL[status ?? "all"]),
    index,
    onAction: () => {},
    isLocked: true,
  }));
  const sortOptions = (
    [
      ["name", "influencers.sort.name", "influencers.sort.az", "influencers.sort.za"],
      ["created", "influencers.sort.created", "influencers.sort.oldest", "influencers.sort.newest"],
      ["status", "influencers.sort.status", "influencers.sort.statusAsc", "influencers.sort.statusDesc"],
    ] as const
  ).flatMap(([key, label, asc, desc]) => [
    { label: t(label), value: `${key} asc` as const, directionLabel: t(asc) },
    { label: t(label), value: `${key} desc` as const, directionLabel: t(desc) },
  ]);

  const ids = allResourcesSelected ? influencers.map((i) => i.id) : selectedResources;
  const setStatus = (status: InfluencerStatus) => {
    const form = new FormData();
    form.set("status", status);
    for (const id of ids) form.append("ids", id);
    submit(form, { method: "post" });
    clearSelection();
  };
  const generateCodes = () => {
    const params = new URLSearchParams();
    for (const id of ids) params.append("ids", id);
    navigate(`/app/codes/generate?${params}`);
  };

  const empty = influencers.length === 0 && !options.query && !options.status && !hasPrevious;
  return (
    <Page
      title={t("influencers.title")}
      primaryAction={{ content: t("influencers.add"), url: "/app/influencers/new" }}
    >
      <Layout>
        {actionData?.ok ? (
          <Layout.Section>
            <Banner tone="success" onDismiss={() => navigate(".", { replace: true })}>
              <p>{t("influencers.bulk.done", { count: Number(actionData.count) })}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card padding="0">
            {empty ? (
              <EmptyState
                heading={t("influencers.empty.heading")}
                action={{ content: t("influencers.add"), url: "/app/influencers/new" }}
                image=""
              >
                <p>{t("influencers.empty.body")}</p>
              </EmptyState>
            ) : (
              <>
                <IndexFilters
                  tabs={tabs}
                  selected={Math.max(0, STATUS_TABS.indexOf(options.status))}
                  onSelect={(index) => update({ status: STATUS_TABS[index]?.toLowerCase() ?? null })}
                  canCreateNewView={false}
                  sortOptions={sortOptions}
                  sortSelected={[`${options.sort} ${options.direction}`]}
                  onSort={([value]) => update({ sort: value === "name asc" ? null : value })}
                  queryValue={query}
                  queryPlaceholder={t("influencers.search")}
                  onQueryChange={setQuery}
                  onQueryClear={() => setQuery("")}
                  filters={[]}
                  appliedFilters={[]}
                  onClearAll={() => setQuery("")}
                  hideFilters
                  mode={mode}
                  setMode={setMode}
                  loading={navigation.state === "loading"}
                  cancelAction={{ onAction: () => setQuery(""), disabled: false, loading: false }}
                />
                <IndexTable
                  resourceName={{ singular: t("influencers.resource.one"), plural: t("influencers.resource.other") }}
                  itemCount={influencers.length}
                  selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
                  onSelectionChange={handleSelectionChange}
                  emptyState={
                    <Text as="p" alignment="center" tone="subdued">
                      {t("influencers.noMatch")}
                    </Text>
                  }
                  headings={[
                    { title: t("influencers.col.name") },
                    { title: t("influencers.col.handles") },
                    { title: t("influencers.col.email") },
                    { title: t("influencers.col.status") },
                    { title: t("influencers.col.codes"), alignment: "end" },
                    { title: t("influencers.col.created") },
                  ]}
                  promotedBulkActions={[{ content: t("influencers.bulk.generate"), onAction: generateCodes }]}
                  bulkActions={[
                    { content: t("influencers.bulk.activate"), onAction: () => setStatus("ACTIVE") },
                    { content: t("influencers.bulk.pause"), onAction: () => setStatus("PAUSED") },
                    { content: t("influencers.bulk.archive"), onAction: () => setStatus("ARCHIVED") },
                  ]}
                >
                  {influencers.map((influencer, index) => (
                    <IndexTable.Row
                      id={influencer.id}
                      key={influencer.id}
                      position={index}
                      selected={selectedResources.includes(influencer.id)}
                    >
                      <IndexTable.Cell>
                        <Link url={`/app/influencers/${influencer.id}`} removeUnderline dataPrimaryLink>
                          <Text as="span" fontWeight="semibold">
                            {influencer.name}
                          </Text>
                        </Link>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <InlineStack gap="200">
                          {influencer.handles.map((h) => (
                            <PlatformHandle key={h.platform} platform={h.platform} handle={h.handle} />
                          ))}
                        </InlineStack>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <bdi>{influencer.email ?? ""}</bdi>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <StatusBadge status={influencer.status} />
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric>
                          {f.count(influencer.codes)}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>{f.date(influencer.createdAt)}</IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
                {hasNext || hasPrevious ? (
                  <div style={{ padding: "var(--p-space-300)", display: "flex", justifyContent: "center" }}>
                    <Pagination
                      hasPrevious={hasPrevious}
                      hasNext={hasNext}
                      onPrevious={() => update({ page: String(options.page - 1) })}
                      onNext={() => update({ page: String(options.page + 1) })}
                    />
                  </div>
                ) : null}
              </>
            )}
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
