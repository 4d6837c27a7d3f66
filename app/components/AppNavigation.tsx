import { Link as RemixLink, useLocation } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { Banner, Box, InlineStack, Text } from "@shopify/polaris";

export const NAV_LINKS = [{ to: "/app", label: "Overview", rel: "home" }] as const;

/**
 * Inside the Shopify admin, App Bridge's NavMenu puts the links in the admin's sidebar. Outside it
 * (demo mode in a plain browser), App Bridge is not there, so the same links render as a bar.
 */
export function AppNavigation({ embedded, shopName }: { embedded: boolean; shopName: string }) {
  const location = useLocation();
  if (embedded) {
    return (
      <NavMenu>
        {NAV_LINKS.map((link) => (
          <RemixLink key={link.to} to={link.to} {...("rel" in link ? { rel: link.rel } : {})}>
            {link.label}
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
          <nav aria-label="CodeTrail">
            <InlineStack gap="300">
              {NAV_LINKS.map((link) => (
                <RemixLink
                  key={link.to}
                  to={link.to}
                  aria-current={location.pathname === link.to ? "page" : undefined}
                  style={{ fontWeight: location.pathname === link.to ? 650 : 450 }}
                >
                  {link.label}
                </RemixLink>
              ))}
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

export function DemoBanner() {
  return (
    <Box padding="300">
      <Banner tone="info" title="Demo mode">
        <p>
          This is a demo store with made-up influencers and orders. Shopify sign-in is skipped and
          Admin API calls go to a local emulator of Shopify&apos;s API.
        </p>
      </Banner>
    </Box>
  );
}
