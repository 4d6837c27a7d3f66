import { FormLayout, Select, Text, TextField } from "@shopify/polaris";
import type { InfluencerStatus, Platform } from "../generated/prisma/enums";
import { LANGUAGE_NAMES, SUPPORTED_LANGUAGES } from "../i18n/locales";
import { useT } from "../i18n/use-i18n";
import { INFLUENCER_STATUSES, PLATFORMS } from "../lib/forms/influencer";
import { useFieldError, useFields, type FormErrors } from "./form-helpers";
import { platformLabel } from "./influencer-bits";

export interface InfluencerValues {
  name: string;
  email: string;
  notes: string;
  status: InfluencerStatus;
  /** "" for the store's language. */
  language: string;
  handles: Partial<Record<Platform, string>>;
}

export const EMPTY_INFLUENCER: InfluencerValues = { name: "", email: "", notes: "", status: "ACTIVE", language: "", handles: {} };

/** The influencer's profile and handles, as named inputs for a Remix form. */
export function InfluencerFields({ initial, errors }: { initial: InfluencerValues; errors: FormErrors }) {
  const t = useT();
  const error = useFieldError(errors);
  const { field } = useFields<Record<string, string>>({
    name: initial.name,
    email: initial.email,
    notes: initial.notes,
    status: initial.status,
    language: initial.language,
    ...Object.fromEntries(PLATFORMS.map((p) => [`handle.${p}`, initial.handles[p] ?? ""])),
  });
  return (
    <FormLayout>
      <TextField label={t("influencers.field.name")} autoComplete="off" requiredIndicator error={error("name")} {...field("name")} />
      <FormLayout.Group>
        <TextField
          label={t("influencers.field.email")}
          type="email"
          autoComplete="off"
          error={error("email")}
          {...field("email")}
        />
        <Select
          label={t("influencers.field.status")}
          options={INFLUENCER_STATUSES.map((s) => ({ label: t(`influencers.status.${s}`), value: s }))}
          error={error("status")}
          {...field("status")}
        />
      </FormLayout.Group>
      <Select
        label={t("influencers.field.language")}
        helpText={t("influencers.field.language.help")}
        options={[
          { label: t("influencers.field.language.store"), value: "" },
          ...SUPPORTED_LANGUAGES.map((l) => ({ label: LANGUAGE_NAMES[l], value: l })),
        ]}
        error={error("language")}
        {...field("language")}
      />
      <Text as="h3" variant="headingSm">
        {t("influencers.handles")}
      </Text>
      <FormLayout.Group condensed>
        {PLATFORMS.map((platform) => (
          <TextField
            key={platform}
            label={t(platformLabel(platform))}
            autoComplete="off"
            prefix={platform === "BLOG" || platform === "OTHER" ? undefined : "@"}
            error={error(`handle.${platform}`)}
            {...field(`handle.${platform}`)}
          />
        ))}
      </FormLayout.Group>
      <TextField label={t("influencers.field.notes")} autoComplete="off" multiline={3} error={error("notes")} {...field("notes")} />
    </FormLayout>
  );
}
