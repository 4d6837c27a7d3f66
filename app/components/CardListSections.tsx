import { BlockStack, Card, EmptyState, Layout } from "@shopify/polaris";
import type { ReactNode } from "react";

/** A page's list of items, one card (a layout section) each, or one empty-state card when there are none. */
export function CardListSections<T extends { id: string }>({
  items,
  emptyHeading,
  emptyBody,
  children,
}: {
  items: T[];
  emptyHeading: string;
  emptyBody: string;
  children: (item: T) => ReactNode;
}) {
  if (items.length === 0) {
    return (
      <Layout.Section>
        <Card>
          <EmptyState heading={emptyHeading} image="">
            <p>{emptyBody}</p>
          </EmptyState>
        </Card>
      </Layout.Section>
    );
  }
  return items.map((item) => (
    <Layout.Section key={item.id}>
      <Card>
        <BlockStack gap="300">{children(item)}</BlockStack>
      </Card>
    </Layout.Section>
  ));
}
