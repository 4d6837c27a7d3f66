import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigate, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import { Banner, Card, EmptyState, IndexFilters, IndexFiltersMode, Layout, Page, useIndexResourceState, useSetIndexFiltersMode } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { ListPagination } from "../../components/ListPagination";
import { RouteErrorBoundary } from "../../components/RouteErrorBoundary";
import type { InfluencerStatus } from "../../generated/prisma/enums";
import { useT } from "../../i18n/use-i18n";
import { parseForm } from "../../lib/form-validation";
import { bulkStatusSchema } from "../../lib/forms/influencer";
import { invalid, saved } from "../../lib/http.server";
import { listInfluencers, setInfluencerStatus } from "../../models/influencers.server";
import { requireAdmin } from "../../services/admin-context.server";
import { InfluencerTable, STATUS_TABS, useSortOptions, useStatusTabs } from "./components";
import { listOptions, PAGE_SIZE } from "./list-options";

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

export default function InfluencerIndex() {
  const { influencers, options, hasNext, hasPrevious } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
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

  const tabs = useStatusTabs();
  const sortOptions = useSortOptions();

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
                <InfluencerTable
                  influencers={influencers}
                  selectedResources={selectedResources}
                  allResourcesSelected={allResourcesSelected}
                  handleSelectionChange={handleSelectionChange}
                  generateCodes={generateCodes}
                  setStatus={setStatus}
                />
                <ListPagination page={options.page} hasNext={hasNext} hasPrevious={hasPrevious} onPage={(p) => update({ page: String(p) })} />
              </>
            )}
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
