import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { LoginForm } from "../../components/LoginForm";
import { login } from "../../shopify.server";
import { bodyTooLargeResponse, BodyTooLarge, withLimitedBody } from "../../lib/request-body.server";
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

// The login form sends one field (the shop's domain); anything bigger is not a login.
const LOGIN_BODY_LIMIT = 4096;

export const action = async ({ request }: ActionFunctionArgs) => {
  let limited: Request;
  try {
    limited = await withLimitedBody(request, LOGIN_BODY_LIMIT);
  } catch (error) {
    if (error instanceof BodyTooLarge) throw bodyTooLargeResponse();
    throw error;
  }
  return { errors: loginErrorMessage(await login(limited)) };
};

export default function Login() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { errors } = actionData ?? loaderData;
  return <LoginForm error={errors.shop} />;
}
