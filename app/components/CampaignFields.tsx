import { FormLayout, Select, TextField } from "@shopify/polaris";
import type { CampaignGoal } from "../generated/prisma/enums";
import { useT } from "../i18n/use-i18n";
import { CAMPAIGN_GOALS } from "../lib/forms/campaign";
import { useFieldError, useFields, type FormErrors } from "./form-helpers";

export interface CampaignValues {
  name: string;
  goal: CampaignGoal;
  startsOn: string;
  endsOn: string;
  budget: string;
  hashtag: string;
}

export function CampaignFields({ initial, errors, currency }: { initial: CampaignValues; errors: FormErrors; currency: string }) {
  const t = useT();
  const error = useFieldError(errors);
  const { field } = useFields({ ...initial, goal: initial.goal as string });
  return (
    <FormLayout>
      <FormLayout.Group>
        <TextField label={t("campaigns.field.name")} autoComplete="off" requiredIndicator error={error("name")} {...field("name")} />
        <Select
          label={t("campaigns.field.goal")}
          options={CAMPAIGN_GOALS.map((g) => ({ label: t(`campaigns.goal.${g}`), value: g }))}
          error={error("goal")}
          {...field("goal")}
        />
      </FormLayout.Group>
      <FormLayout.Group>
        <TextField label={t("campaigns.field.startsOn")} type="date" autoComplete="off" requiredIndicator error={error("startsOn")} {...field("startsOn")} />
        <TextField label={t("campaigns.field.endsOn")} type="date" autoComplete="off" error={error("endsOn")} {...field("endsOn")} />
      </FormLayout.Group>
      <FormLayout.Group>
        <TextField
          label={t("campaigns.field.budget")}
          autoComplete="off"
          inputMode="decimal"
          suffix={<bdi>{currency}</bdi>}
          error={error("budget")}
          {...field("budget")}
        />
        <TextField label={t("campaigns.field.hashtag")} autoComplete="off" prefix="#" error={error("hashtag")} {...field("hashtag")} />
      </FormLayout.Group>
    </FormLayout>
  );
}
