import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { surveyEndpoint } from "../services/survey-endpoint.server";

// POST /survey: the post-purchase survey's answers (app/services/survey-endpoint.server.ts).
export const action = ({ request, context }: ActionFunctionArgs) => surveyEndpoint.submit(request, context);
// OPTIONS (CORS preflight) and stray GETs arrive at the loader.
export const loader = ({ request, context }: LoaderFunctionArgs) => surveyEndpoint.submit(request, context);
