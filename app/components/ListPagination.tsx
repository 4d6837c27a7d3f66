import { Pagination } from "@shopify/polaris";

/** Previous / next under an index table, shown only when there is another page; `onPage` gets the page to go to. */
export function ListPagination({ page, hasNext, hasPrevious, onPage }: { page: number; hasNext: boolean; hasPrevious: boolean; onPage: (page: number) => void }) {
  if (!hasNext && !hasPrevious) return null;
  return (
    <div style={{ padding: "var(--p-space-300)", display: "flex", justifyContent: "center" }}>
      <Pagination hasPrevious={hasPrevious} hasNext={hasNext} onPrevious={() => onPage(page - 1)} onNext={() => onPage(page + 1)} />
    </div>
  );
}
