import { Badge, Text } from "@shopify/polaris";
import type { InfluencerStatus, Platform } from "../generated/prisma/enums";
import type { MessageKey } from "../i18n/messages";
import { useT } from "../i18n/use-i18n";

const STATUS_TONE: Record<InfluencerStatus, "success" | "attention" | undefined> = {
  ACTIVE: "success",
  PAUSED: "attention",
  ARCHIVED: undefined,
};

export function StatusBadge({ status }: { status: InfluencerStatus }) {
  const t = useT();
  return <Badge tone={STATUS_TONE[status]}>{t(`influencers.status.${status}` as MessageKey)}</Badge>;
}

export const platformLabel = (platform: Platform): MessageKey => `platform.${platform}` as MessageKey;

/** "Instagram @jane.p": the handle stays left to right inside right-to-left text. */
export function PlatformHandle({ platform, handle }: { platform: Platform; handle: string }) {
  const t = useT();
  const shown = platform === "BLOG" || platform === "OTHER" ? handle : `@${handle}`;
  return (
    <Text as="span" tone="subdued">
      {t(platformLabel(platform))} <bdi dir="ltr">{shown}</bdi>
    </Text>
  );
}
