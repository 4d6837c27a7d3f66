import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { LoginForm } from "../components/LoginForm";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const meta: MetaFunction = () => [{ title: "CodeTrail" }];

// Shopify opens the app at its root with ?shop=…&host=…; the admin pages live under /app.
// Anyone else arriving here (no shop) gets the login form.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app${url.search}`);
  return null;
};

export default function Index() {
  return <LoginForm intro />;
}
