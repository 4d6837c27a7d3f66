import { BlockStack, Checkbox, FormLayout, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useT } from "../i18n/use-i18n";
import { useFieldError, useFields, type FormErrors } from "./form-helpers";

/**
 * The fields app/lib/code-settings.ts parses (valueType, value, minimum, usage limit, dates,
 * combinations, optional explicit code and campaign), as named inputs for a Remix form.
 */
export function CodeSettingsFields({
  errors,
  currency,
  today,
  campaigns,
  withCode,
  defaultCampaignId = "",
}: {
  errors: FormErrors;
  currency: string;
  today: string;
  campaigns: { id: string; name: string }[];
  /** A single code may be typed; bulk generation always builds one per influencer. */
  withCode: boolean;
  defaultCampaignId?: string;
}) {
  const t = useT();
  const error = useFieldError(errors);
  const { field, values } = useFields({
    valueType: "PERCENTAGE",
    value: "",
    minimumRequirement: "NONE",
    minimumValue: "",
    usageLimit: "",
    startsAt: today,
    endsAt: "",
    code: "",
    campaignId: defaultCampaignId,
  });
  const [checks, setChecks] = useState({ oncePerCustomer: false, combinesWithOrder: false, combinesWithProduct: false, combinesWithShipping: true });
  const check = (name: keyof typeof checks) => ({
    name,
    checked: checks[name],
    onChange: (checked: boolean) => setChecks((c) => ({ ...c, [name]: checked })),
  });
  return (
    <FormLayout>
      {withCode ? (
        <TextField
          label={t("codeui.field.code")}
          helpText={t("codeui.field.code.help")}
          autoComplete="off"
          error={error("code")}
          {...field("code")}
        />
      ) : null}
      <FormLayout.Group>
        <Select
          label={t("codeui.field.valueType")}
          options={[
            { label: t("codeui.valueType.PERCENTAGE"), value: "PERCENTAGE" },
            { label: t("codeui.valueType.FIXED_AMOUNT"), value: "FIXED_AMOUNT" },
          ]}
          error={error("valueType")}
          {...field("valueType")}
        />
        <TextField
          label={t("codeui.field.value")}
          autoComplete="off"
          inputMode="decimal"
          requiredIndicator
          suffix={values.valueType === "PERCENTAGE" ? "%" : <bdi>{currency}</bdi>}
          error={error("value")}
          {...field("value")}
        />
      </FormLayout.Group>
      <FormLayout.Group>
        <Select
          label={t("codeui.field.minimum")}
          options={[
            { label: t("codeui.minimum.NONE"), value: "NONE" },
            { label: t("codeui.minimum.SUBTOTAL"), value: "SUBTOTAL" },
            { label: t("codeui.minimum.QUANTITY"), value: "QUANTITY" },
          ]}
          error={error("minimumRequirement")}
          {...field("minimumRequirement")}
        />
        {values.minimumRequirement === "NONE" ? null : (
          <TextField
            label={values.minimumRequirement === "SUBTOTAL" ? t("codeui.field.minimumSubtotal") : t("codeui.field.minimumQuantity")}
            autoComplete="off"
            inputMode="decimal"
            error={error("minimumValue")}
            {...field("minimumValue")}
          />
        )}
      </FormLayout.Group>
      <FormLayout.Group>
        <TextField label={t("codeui.field.startsAt")} type="date" autoComplete="off" error={error("startsAt")} {...field("startsAt")} />
        <TextField label={t("codeui.field.endsAt")} type="date" autoComplete="off" error={error("endsAt")} {...field("endsAt")} />
      </FormLayout.Group>
      <FormLayout.Group>
        <TextField
          label={t("codeui.field.usageLimit")}
          helpText={t("codeui.field.usageLimit.help")}
          type="number"
          min={1}
          autoComplete="off"
          error={error("usageLimit")}
          {...field("usageLimit")}
        />
        <Select
          label={t("codeui.field.campaign")}
          options={[{ label: t("codeui.field.campaign.none"), value: "" }, ...campaigns.map((c) => ({ label: c.name, value: c.id }))]}
          error={error("campaignId")}
          {...field("campaignId")}
        />
      </FormLayout.Group>
      <BlockStack gap="100">
        <Checkbox label={t("codeui.field.oncePerCustomer")} {...check("oncePerCustomer")} />
        <Text as="p" variant="bodySm" tone="subdued">
          {t("codeui.field.combines")}
        </Text>
        <Checkbox label={t("codeui.combines.order")} {...check("combinesWithOrder")} />
        <Checkbox label={t("codeui.combines.product")} {...check("combinesWithProduct")} />
        <Checkbox label={t("codeui.combines.shipping")} {...check("combinesWithShipping")} />
      </BlockStack>
    </FormLayout>
  );
}
