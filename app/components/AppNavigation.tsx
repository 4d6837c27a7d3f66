import { Link as RemixLink, useLocation } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { Banner, Box, InlineStack, Text } from "@shopify/polaris";
import { LANGUAGE_NAMES, SUPPORTED_LANGUAGES } from "../i18n/locales";
import type { MessageKey } from "../i18n/messages";
import { useT } from "../i18n/use-i18n";

export const NAV_LINKS: { to: string; label: MessageKey; rel?: string }[] = [
  { to: "/app", label: "nav.overview", rel: "home" },
  { to: "/app/influencers", label: "nav.influencers" },
  { to: "/app/campaigns", label: "nav.campaigns" },
  { to: "/app/reports/influencers", label: "nav.reports.influencers" },
  { to: "/app/reports/campaigns", label: "nav.reports.campaigns" },
  { to: "/app/content", label: "nav.content" },
  { to: "/app/lift", label: "lift.nav" },
  { to: "/app/activity", label: "nav.activity" },
  { to: "/app/sync", label: "nav.sync" },
  { to: "/app/leaks", label: "nav.leaks" },
  { to: "/app/survey", label: "survey.nav" },
  { to: "/app/attribution", label: "attribution.nav" },
  { to: "/app/settings/email", label: "outreach.nav" },
];

/**
 * Inside the Shopify admin, App Bridge's NavMenu puts the links in the admin's sidebar. Outside it
 * (demo mode in a plain browser), App Bridge is not there, so the same links render as a bar.
 */
export function AppNavigation({ embedded, shopName }: { embedded: boolean; shopName: string }) {
  const location = useLocation();
  const t = useT();
  if (embedded) {
    return (
      <NavMenu>
        {NAV_LINKS.map((link) => (
          <RemixLink key={link.to} to={link.to} {...(link.rel ? { rel: link.rel } : {})}>
            {t(link.label)}
          </RemixLink>
        ))}
      </NavMenu>
    );
  }
  return (
    <Box background="bg-surface" borderBlockEndWidth="025" borderColor="border" padding="300">
      <InlineStack gap="400" blockAlign="center" align="space-between">
        <InlineStack gap="400" blockAlign="center">
          <Text as="span" variant="headingMd">
            CodeTrail
          </Text>
          <nav aria-label={t("nav.label")}>
            <InlineStack gap="300">
              {NAV_LINKS.map((link) => {
                const current = location.pathname === link.to;
                return (
                  <RemixLink
                    key={link.to}
                    to={link.to}
                    aria-current={current ? "page" : undefined}
                    style={{ fontWeight: current ? 650 : 450 }}
                  >
                    {t(link.label)}
                  </RemixLink>
                );
              })}
            </InlineStack>
          </nav>
        </InlineStack>
        <Text as="span" tone="subdued">
          {shopName}
        </Text>
      </InlineStack>
    </Box>
  );
}

/** The page's query with another language: the date range, filters and sort stay as they were. */
export function withLocale(search: string, language: string): string {
  const params = new URLSearchParams(search);
  params.set("locale", language);
  return params.toString();
}

/** The demo stands in for the admin's language setting with a switch of its own. */
export function DemoBanner() {
  const t = useT();
  const location = useLocation();
  return (
    <Box padding="300">
      <Banner tone="info" title={t("demo.banner.title")}>
        <p>{t("demo.banner.body")}</p>
        <nav aria-label={t("demo.language")} style={{ marginTop: "var(--p-space-200)" }}>
          <InlineStack gap="300">
            {SUPPORTED_LANGUAGES.map((language) => (
              <RemixLink key={language} to={`${location.pathname}?${withLocale(location.search, language)}`} lang={language} hrefLang={language}>
                {LANGUAGE_NAMES[language]}
              </RemixLink>
            ))}
          </InlineStack>
        </nav>
      </Banner>
    </Box>
  );
}
