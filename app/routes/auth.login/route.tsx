import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { LoginForm } from "../../components/LoginForm";
import { login } from "../../shopify.server";
import { loginErrorMessage } from "./error.server";

/**
 * Shopify's login path (`/auth/login`, shopify-app-remix's default): where embedded
 * authentication sends a request that names no shop, and where a merchant outside the admin
 * enters their shop. `login(request)` answers with the error or redirects to Shopify.
 */
export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const meta: MetaFunction = () => [{ title: "CodeTrail" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  return { errors: loginErrorMessage(await login(request)) };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  return { errors: loginErrorMessage(await login(request)) };
};

export default function Login() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { errors } = actionData ?? loaderData;
  return <LoginForm error={errors.shop} />;
}
