import { useEffect, useState } from "preact/hooks";
import {
  answeredKey,
  buildSurveyPayload,
  filterInfluencers,
  MAX_FREE_TEXT,
  surveyChoices,
  surveyLocale,
  surveyMessages,
  type SurveyChannel,
  type SurveyInfluencer,
} from "./survey-logic";
import { APP_URL } from "./config";

/** What the two targets give the survey (thank-you page and order-status page). */
export interface SurveyHost {
  orderGid: string | null;
  languageIsoCode: string;
  getToken(): Promise<string>;
  storage: { read<T = unknown>(key: string): Promise<T | null>; write(key: string, data: unknown): Promise<void> };
}

type Phase = "loading" | "hidden" | "asking" | "sending" | "done" | "failed";

async function callApp(host: SurveyHost, path: string, init: RequestInit = {}) {
  const token = await host.getToken();
  return fetch(`${APP_URL}${path}`, { ...init, headers: { ...(init.headers ?? {}), Authorization: `Bearer ${token}`, "Content-Type": "application/json" } });
}

export function Survey({ host }: { host: SurveyHost }) {
  const { language, dir } = surveyLocale(host.languageIsoCode);
  const messages = surveyMessages(language);
  const [phase, setPhase] = useState<Phase>("loading");
  const [influencers, setInfluencers] = useState<SurveyInfluencer[]>([]);
  const [channel, setChannel] = useState<SurveyChannel | null>(null);
  const [query, setQuery] = useState("");
  const [influencerId, setInfluencerId] = useState<string | null>(null);
  const [freeText, setFreeText] = useState("");

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const built = buildSurveyPayload(host.orderGid, { channel: "other", influencerId: null, freeText: "" }, language);
      if (!built.ok) return setPhase("hidden");
      if (await host.storage.read(answeredKey(built.payload.orderId))) return setPhase("hidden");
      const response = await callApp(host, `/survey/options?order=${built.payload.orderId}`);
      if (!response.ok) return setPhase("hidden");
      const options = (await response.json()) as { enabled: boolean; answered: boolean; influencers: SurveyInfluencer[] };
      if (cancelled) return;
      if (!options.enabled || options.answered) return setPhase("hidden");
      setInfluencers(options.influencers);
      setPhase("asking");
    })().catch(() => setPhase("hidden"));
    return () => {
      cancelled = true;
    };
  }, [host, language]);

  async function submit() {
    const built = buildSurveyPayload(host.orderGid, { channel, influencerId, freeText }, language);
    if (!built.ok) return;
    setPhase("sending");
    try {
      const response = await callApp(host, "/survey", { method: "POST", body: JSON.stringify(built.payload) });
      // 409: this order was answered already (another device): nothing more to ask.
      if (!response.ok && response.status !== 409) throw new Error(String(response.status));
      await host.storage.write(answeredKey(built.payload.orderId), true);
      setPhase("done");
    } catch {
      setPhase("failed");
    }
  }

  if (phase === "loading" || phase === "hidden") return null;
  if (phase === "done") return <s-banner tone="success" heading={messages.thanks} />;
  const shown = filterInfluencers(influencers, query, 8);
  return (
    <s-section>
      <s-stack gap="base">
        {/* Shopify lays the page out in the buyer's direction; the text says its own (Hebrew, Arabic, Persian: rtl). */}
        <s-paragraph dir={dir} lang={language}>
          {messages.question}
        </s-paragraph>
        <s-choice-list
          name="channel"
          label={messages.question}
          labelAccessibilityVisibility="exclusive"
          values={channel ? [channel] : []}
          onChange={(event) => setChannel(((event.currentTarget as { values?: string[] }).values?.[0] ?? null) as SurveyChannel | null)}
        >
          {surveyChoices(language).map((choice) => (
            <s-choice key={choice.value} value={choice.value}>
              {choice.label}
            </s-choice>
          ))}
        </s-choice-list>
        {channel === "influencer" ? (
          <s-stack gap="small">
            <s-text-field label={messages.searchLabel} value={query} onInput={(event) => setQuery((event.currentTarget as { value?: string }).value ?? "")} />
            {shown.length ? (
              <s-choice-list
                name="influencer"
                label={messages.searchLabel}
                labelAccessibilityVisibility="exclusive"
                values={influencerId ? [influencerId] : []}
                onChange={(event) => setInfluencerId((event.currentTarget as { values?: string[] }).values?.[0] ?? null)}
              >
                {shown.map((i) => (
                  <s-choice key={i.id} value={i.id}>
                    {i.handles.length ? `${i.name} (@${i.handles.join(", @")})` : i.name}
                  </s-choice>
                ))}
              </s-choice-list>
            ) : null}
            <s-text-field
              label={influencerId ? messages.freeTextLabel : messages.noInfluencer}
              maxLength={MAX_FREE_TEXT}
              value={freeText}
              onInput={(event) => setFreeText((event.currentTarget as { value?: string }).value ?? "")}
            />
          </s-stack>
        ) : null}
        {phase === "failed" ? <s-banner tone="critical" heading={messages.failed} /> : null}
        <s-button variant="primary" disabled={!channel} loading={phase === "sending"} onClick={() => void submit()}>
          {channel ? messages.submit : messages.chooseChannel}
        </s-button>
      </s-stack>
    </s-section>
  );
}
