import type { LoaderFunctionArgs } from "@remix-run/node";
import { surveyEndpoint } from "../services/survey-endpoint.server";

// GET /survey/options: whether the shop asks, whether this order was answered, its influencers.
export const loader = ({ request, context }: LoaderFunctionArgs) => surveyEndpoint.options(request, context);
