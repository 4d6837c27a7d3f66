import { Form, useNavigation } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, DataTable, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import type { MessageKey } from "../../i18n/messages";
import { useT } from "../../i18n/use-i18n";

const STATUS_TONE = { QUEUED: "info", RUNNING: "attention", SUCCEEDED: "success", FAILED: "critical" } as const;
export type JobStatus = keyof typeof STATUS_TONE;

/** A job's status as a badge. */
export function JobStatusBadge({ status }: { status: JobStatus }) {
  const t = useT();
  return <Badge tone={STATUS_TONE[status]}>{t(`jobs.status.${status}` as MessageKey)}</Badge>;
}

/**
 * A card that explains one kind of sync work and starts it: a heading, a paragraph, and a form posting `intent`
 * (children, even null, replace the lone button: for forms with fields).
 */
export function SyncActionCard(props: { intent: string; heading: MessageKey; body: MessageKey; run: MessageKey; primary?: boolean; children?: ReactNode }) {
  const t = useT();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t(props.heading)}
        </Text>
        <Text as="p">{t(props.body)}</Text>
        {props.children !== undefined ? (
          props.children
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value={props.intent} />
            <SyncSubmit intent={props.intent} label={props.run} primary={props.primary} />
          </Form>
        )}
      </BlockStack>
    </Card>
  );
}

/** The submit button of a sync form, spinning while that intent is being posted. */
export function SyncSubmit({ intent, label, primary }: { intent: string; label: MessageKey; primary?: boolean }) {
  const t = useT();
  const navigation = useNavigation();
  return (
    <Button submit variant={primary ? "primary" : undefined} loading={navigation.state !== "idle" && navigation.formData?.get("intent") === intent}>
      {t(label)}
    </Button>
  );
}

/** Recent jobs of one kind as a table, or a line saying there are none. */
export function JobTable({ empty, headings, rows, numericThird }: { empty: MessageKey; headings: MessageKey[]; rows: ReactNode[][]; numericThird?: boolean }) {
  const t = useT();
  return (
    <Card padding="0">
      {rows.length === 0 ? (
        <div style={{ padding: "var(--p-space-400)" }}>
          <Text as="p" tone="subdued">
            {t(empty)}
          </Text>
        </div>
      ) : (
        <DataTable columnContentTypes={["text", "text", numericThird ? "numeric" : "text", "text"]} headings={headings.map((h) => t(h))} rows={rows} />
      )}
    </Card>
  );
}
