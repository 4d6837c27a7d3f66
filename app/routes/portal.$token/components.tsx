import type { ReactNode } from "react";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { BlockStack, Box, Card, DataTable, InlineGrid, InlineStack, Page, Text } from "@shopify/polaris";
import { CommissionTerms } from "../../components/CommissionTerms";
import { CopyField } from "../../components/CopyField";
import { LANGUAGE_NAMES, SUPPORTED_LANGUAGES } from "../../i18n/locales";
import type { MessageKey } from "../../i18n/messages";
import { useFormat, useT } from "../../i18n/use-i18n";
import type { loader } from "./route";

function Kpi({ label, value, name }: { label: string; value: string; name: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="headingLg">
          <bdi data-portal-kpi={name}>{value}</bdi>
        </Text>
      </BlockStack>
    </Card>
  );
}

/** On a phone Polaris' cards run edge to edge; text between them keeps the cards' inner margin. */
function Inset({ children }: { children: ReactNode }) {
  return <Box paddingInline={{ xs: "400", sm: "0" }}>{children}</Box>;
}

/** The five languages, each a link to this page in it (the choice is remembered for this link). */
function LanguageSwitcher({ current }: { current: string }) {
  const t = useT();
  const [params] = useSearchParams();
  const href = (language: string) => {
    const next = new URLSearchParams(params);
    next.set("locale", language);
    return `?${next.toString()}`;
  };
  return (
    <nav aria-label={t("portal.language")} data-portal-languages>
      <InlineStack gap="300" wrap>
        {SUPPORTED_LANGUAGES.map((language) => (
          <a key={language} href={href(language)} lang={language} hrefLang={language} aria-current={language === current ? "true" : undefined}
            style={{ fontWeight: language === current ? 700 : 400, textDecoration: language === current ? "none" : "underline", color: "inherit" }}>
            {LANGUAGE_NAMES[language]}
          </a>
        ))}
      </InlineStack>
    </nav>
  );
}

/** The portal page itself: the influencer's recent and all-time figures, codes, links and active days. */
export function PortalContent() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  const activeDays = d.days.filter((day) => day.orders > 0).reverse();
  return (
    <Page title={t("portal.title", { name: d.influencerName })} subtitle={t("portal.subtitle", { shop: d.shopName })}>
      <BlockStack gap="400">
        <Inset>
          <BlockStack gap="400">
            <LanguageSwitcher current={d.language} />
            <Text as="h2" variant="headingMd">
              {t("portal.recent", { days: d.days.length })}
            </Text>
          </BlockStack>
        </Inset>
        <InlineGrid columns={{ xs: 1, sm: 3 }} gap="400">
          <Kpi name="orders" label={t("portal.orders")} value={f.count(d.recent.orders)} />
          <Kpi name="netSales" label={t("portal.netSales")} value={f.money(d.recent.netSales, d.currency)} />
          <Kpi name="commission" label={t("portal.commission")} value={f.money(d.recent.commission, d.currency)} />
        </InlineGrid>
        <Card>
          <InlineStack gap="600" wrap>
            <Text as="p">
              {t("portal.allTime.orders")} <bdi data-portal-kpi="allTime.orders">{f.count(d.allTime.orders)}</bdi>
            </Text>
            <Text as="p">
              {t("portal.allTime.netSales")} <bdi data-portal-kpi="allTime.netSales">{f.money(d.allTime.netSales, d.currency)}</bdi>
            </Text>
            <Text as="p">
              {t("portal.allTime.commission")} <bdi data-portal-kpi="allTime.commission">{f.money(d.allTime.commission, d.currency)}</bdi>
            </Text>
          </InlineStack>
        </Card>
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("portal.payouts")}
            </Text>
            <InlineStack gap="600" wrap>
              <Text as="p">
                {t("portal.payouts.payable")} <bdi data-portal-kpi="payouts.payable">{f.money(d.payouts.payable, d.currency)}</bdi>
              </Text>
              <Text as="p">
                {t("portal.payouts.held")} <bdi data-portal-kpi="payouts.held">{f.money(d.payouts.held, d.currency)}</bdi>
              </Text>
              <Text as="p">
                {t("portal.payouts.paid")} <bdi data-portal-kpi="payouts.paid">{f.money(d.payouts.paid, d.currency)}</bdi>
              </Text>
            </InlineStack>
            {d.payouts.statements.map((st) => (
              <Text as="p" key={st.id} tone={st.status === "PAID" ? undefined : "subdued"}>
                <span data-portal-statement={st.status}>
                  {t(st.status === "PAID" ? "portal.payouts.statementPaid" : "portal.payouts.statementApproved", {
                    to: f.date(st.periodEnd),
                    total: f.money(st.total, d.currency),
                    adjustments: f.money(st.adjustments, d.currency),
                    date: st.paidOn ? f.date(st.paidOn) : "",
                  })}
                </span>
              </Text>
            ))}
          </BlockStack>
        </Card>
        {d.terms.length > 0 ? (
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("portal.terms")}
              </Text>
              <CommissionTerms terms={d.terms} currency={d.currency} />
            </BlockStack>
          </Card>
        ) : null}
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("portal.codes")}
            </Text>
            {d.codes.length === 0 ? (
              <Text as="p" tone="subdued">
                {t("portal.codes.none")}
              </Text>
            ) : (
              d.codes.map((c) => (
                <Box key={c.code} paddingBlock="100">
                  <BlockStack gap="100">
                    <Text as="h3" variant="headingSm">
                      <bdi data-portal-code={c.code}>{c.code}</bdi>{" "}
                      <Text as="span" tone="subdued">
                        {t(`portal.codeStatus.${c.status}` as MessageKey)} ·{" "}
                        {t("portal.offer", { offer: c.valueType === "PERCENTAGE" ? f.percent(c.value) : f.money(c.value, d.currency) })}
                      </Text>
                    </Text>
                    {c.replacedBy ? (
                      <Text as="p" tone="subdued">
                        {t("portal.code.replacedBy", { code: c.replacedBy })}
                      </Text>
                    ) : null}
                    {c.link ? <CopyField value={c.link} label={c.code} /> : null}
                  </BlockStack>
                </Box>
              ))
            )}
          </BlockStack>
        </Card>
        {d.links.length > 0 ? (
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("portal.links")}
              </Text>
              {d.links.map((l) => (
                <BlockStack key={l.slug} gap="100">
                  <Text as="p" variant="bodySm" tone="subdued">
                    {t("portal.linkFor", { platform: t(`portal.platform.${l.platform}` as MessageKey), content: l.content, clicks: l.clicks })}
                  </Text>
                  <CopyField value={l.shortUrl} label={l.content} />
                </BlockStack>
              ))}
            </BlockStack>
          </Card>
        ) : null}
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("portal.daily")}
            </Text>
            {activeDays.length === 0 ? (
              <Text as="p" tone="subdued">
                {t("portal.daily.none")}
              </Text>
            ) : (
              <DataTable
                columnContentTypes={["text", "numeric", "numeric", "numeric"]}
                headings={[t("portal.day"), t("portal.orders"), t("portal.netSales"), t("portal.commission")]}
                rows={activeDays.map((day) => [
                  f.date(day.date),
                  f.count(day.orders),
                  f.money(day.netSales, d.currency),
                  f.money(day.commission, d.currency),
                ])}
              />
            )}
          </BlockStack>
        </Card>
        <Inset>
          <Text as="p" variant="bodySm" tone="subdued">
            {t("portal.privacy")}
          </Text>
        </Inset>
      </BlockStack>
    </Page>
  );
}
