import { Button, Modal, Text, type ButtonProps } from "@shopify/polaris";
import { useState, type ReactNode } from "react";
import { useT } from "../i18n/use-i18n";

/**
 * A button for something that cannot be taken back (deleting, rotating, revoking, sending to many
 * people): it opens a Polaris modal that says what will happen, and only its confirm button acts.
 * Cancel, Escape and the close button change nothing. `onConfirm` does the work (usually a
 * fetcher.submit); the modal closes as it starts.
 */
export function ConfirmButton({
  children,
  title,
  message,
  confirmLabel,
  onConfirm,
  destructive = true,
  loading,
  ...button
}: Omit<ButtonProps, "onClick" | "submit" | "url" | "children"> & {
  children: string;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  destructive?: boolean;
}) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button {...button} loading={loading} onClick={() => setOpen(true)}>
        {children}
      </Button>
      <Modal
        open={open}
        onClose={() => setOpen(false)}
        title={title}
        primaryAction={{
          content: confirmLabel,
          destructive,
          onAction: () => {
            setOpen(false);
            onConfirm();
          },
        }}
        secondaryActions={[{ content: t("confirm.cancel"), onAction: () => setOpen(false) }]}
      >
        <Modal.Section>
          <div data-confirm-message>{typeof message === "string" ? <Text as="p">{message}</Text> : message}</div>
        </Modal.Section>
      </Modal>
    </>
  );
}
