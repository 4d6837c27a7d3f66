import { Button, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useT } from "../i18n/use-i18n";

/**
 * A value with a one-click copy button. Uses the browser's clipboard (no App Bridge needed); when
 * the clipboard is refused (insecure context, permissions), a selected text field appears so the
 * owner can copy by hand.
 */
export function CopyField({ value, label }: { value: string; label: string }) {
  const t = useT();
  const [state, setState] = useState<"idle" | "copied" | "manual">("idle");
  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      setState("manual");
    }
  };
  return (
    <InlineStack gap="200" blockAlign="center" wrap>
      <Text as="span" variant="bodySm" breakWord>
        <bdi dir="ltr" data-testid="share-link">
          {value}
        </bdi>
      </Text>
      <Button size="slim" onClick={copy} accessibilityLabel={t("codeui.copy.label", { what: label })}>
        {state === "copied" ? t("codeui.copy.done") : t("codeui.copy")}
      </Button>
      {state === "manual" ? (
        <div style={{ minWidth: "20rem", flexGrow: 1 }}>
          <TextField
            label={t("codeui.copy.manual")}
            value={value}
            readOnly
            autoComplete="off"
            selectTextOnFocus
            focused
            onChange={() => {}}
          />
        </div>
      ) : null}
    </InlineStack>
  );
}
