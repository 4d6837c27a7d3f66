import { IndexTable, InlineStack, Link, Text, type TabProps } from "@shopify/polaris";
import { PlatformHandle, StatusBadge } from "../../components/influencer-bits";
import type { InfluencerStatus, Platform } from "../../generated/prisma/enums";
import type { MessageKey } from "../../i18n/messages";
import { useFormat, useT } from "../../i18n/use-i18n";

export const STATUS_TABS: (InfluencerStatus | null)[] = [null, "ACTIVE", "PAUSED", "ARCHIVED"];
const TAB_LABEL: Record<string, MessageKey> = {
  all: "influencers.tab.all",
  ACTIVE: "influencers.status.ACTIVE",
  PAUSED: "influencers.status.PAUSED",
  ARCHIVED: "influencers.status.ARCHIVED",
};

/** The status tabs (all, active, paused, archived); the URL, not the tab, holds the choice. */
export function useStatusTabs(): TabProps[] {
  const t = useT();
  return STATUS_TABS.map((status, index) => ({
    id: `status-${status ?? "all"}`,
    content: t(TAB_LABEL[status ?? "all"]),
    index,
    onAction: () => {},
    isLocked: true,
  }));
}

/** Sort choices: name, created and status, each ascending and descending. */
export function useSortOptions() {
  const t = useT();
  return (
    [
      ["name", "influencers.sort.name", "influencers.sort.az", "influencers.sort.za"],
      ["created", "influencers.sort.created", "influencers.sort.oldest", "influencers.sort.newest"],
      ["status", "influencers.sort.status", "influencers.sort.statusAsc", "influencers.sort.statusDesc"],
    ] as const
  ).flatMap(([key, label, asc, desc]) => [
    { label: t(label), value: `${key} asc` as const, directionLabel: t(asc) },
    { label: t(label), value: `${key} desc` as const, directionLabel: t(desc) },
  ]);
}

export interface InfluencerRow {
  id: string;
  name: string;
  email: string | null;
  status: InfluencerStatus;
  createdAt: string;
  handles: { platform: Platform; handle: string }[];
  codes: number;
}

interface InfluencerTableProps {
  influencers: InfluencerRow[];
  selectedResources: string[];
  allResourcesSelected: boolean;
  handleSelectionChange: Parameters<typeof IndexTable>[0]["onSelectionChange"];
  generateCodes: () => void;
  setStatus: (status: InfluencerStatus) => void;
}

/** The influencers as an index table with bulk actions (generate codes, activate, pause, archive). */
export function InfluencerTable({ influencers, selectedResources, allResourcesSelected, handleSelectionChange, generateCodes, setStatus }: InfluencerTableProps) {
  const t = useT();
  const f = useFormat();
  return (
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
  );
}
