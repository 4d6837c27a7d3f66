import { BlockStack, Button, Text } from "@shopify/polaris";
import { useState } from "react";
import type { MessageKey } from "../i18n/messages";
import { useT } from "../i18n/use-i18n";
import { downloadFile } from "../lib/download";

/**
 * A file export as a button: an authenticated fetch turned into a download (app/lib/download.ts),
 * because a plain `<a href download>` reaches the server without the admin's ID token.
 * `kind` marks it for tests (`[data-export="csv"]`).
 */
export function DownloadButton({ url, fallbackName, label, kind }: { url: string; fallbackName: string; label: MessageKey; kind: string }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const start = async () => {
    setBusy(true);
    setFailed(false);
    try {
      await downloadFile(url, fallbackName);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <BlockStack inlineAlign="end">
      <span data-export={kind}>
        <Button variant="plain" onClick={start} loading={busy}>
          {t(label)}
        </Button>
      </span>
      {failed ? (
        <div role="alert">
          <Text as="span" tone="critical">
            {t("download.failed")}
          </Text>
        </div>
      ) : null}
    </BlockStack>
  );
}
