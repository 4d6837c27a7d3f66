/**
 * The survey's logic, free of Shopify's runtime so the suite tests it: which language and
 * direction to use, the question and its choices, filtering the shop's influencers as the buyer
 * types, and the body sent to the app (`POST /survey`). The components (ThankYou.tsx,
 * OrderStatus.tsx, Survey.tsx) only render what these functions return.
 */

export const SURVEY_LANGUAGES = ["en", "he", "ar", "fa", "th"] as const;
export type SurveyLanguage = (typeof SURVEY_LANGUAGES)[number];
const RTL_LANGUAGES: ReadonlySet<SurveyLanguage> = new Set(["he", "ar", "fa"]);

/** The channels the question offers, in this order ("influencer" opens the influencer list). */
export const SURVEY_CHANNELS = ["influencer", "instagram", "tiktok", "youtube", "search", "friend", "ad", "other"] as const;
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];

export const MAX_FREE_TEXT = 200;

interface SurveyMessages {
  question: string;
  channels: Record<SurveyChannel, string>;
  searchLabel: string;
  noInfluencer: string;
  freeTextLabel: string;
  submit: string;
  thanks: string;
  failed: string;
  chooseChannel: string;
}

export const SURVEY_MESSAGES: Record<SurveyLanguage, SurveyMessages> = {
  en: {
    question: "How did you hear about us?",
    channels: {
      influencer: "An influencer / creator",
      instagram: "Instagram",
      tiktok: "TikTok",
      youtube: "YouTube",
      search: "Search engine",
      friend: "A friend or family member",
      ad: "An advertisement",
      other: "Other",
    },
    searchLabel: "Search for the creator",
    noInfluencer: "Not in the list? Tell us who",
    freeTextLabel: "Who (name or @handle)?",
    submit: "Send",
    thanks: "Thank you for telling us!",
    failed: "We could not send your answer. Please try again.",
    chooseChannel: "Choose an answer",
  },
  he: {
    question: "איך שמעת עלינו?",
    channels: {
      influencer: "משפיען/ית או יוצר/ת תוכן",
      instagram: "אינסטגרם",
      tiktok: "טיקטוק",
      youtube: "יוטיוב",
      search: "מנוע חיפוש",
      friend: "חבר או בן משפחה",
      ad: "פרסומת",
      other: "אחר",
    },
    searchLabel: "חיפוש היוצר/ת",
    noInfluencer: "לא ברשימה? ספרו לנו מי",
    freeTextLabel: "מי (שם או @handle)?",
    submit: "שליחה",
    thanks: "תודה שסיפרת לנו!",
    failed: "לא הצלחנו לשלוח את התשובה. נסו שוב.",
    chooseChannel: "בחרו תשובה",
  },
  ar: {
    question: "كيف سمعت عنا؟",
    channels: {
      influencer: "مؤثر / صانع محتوى",
      instagram: "إنستغرام",
      tiktok: "تيك توك",
      youtube: "يوتيوب",
      search: "محرك بحث",
      friend: "صديق أو أحد أفراد العائلة",
      ad: "إعلان",
      other: "غير ذلك",
    },
    searchLabel: "ابحث عن صانع المحتوى",
    noInfluencer: "ليس في القائمة؟ أخبرنا من هو",
    freeTextLabel: "من (الاسم أو ‎@handle)؟",
    submit: "إرسال",
    thanks: "شكرًا لإخبارنا!",
    failed: "تعذّر إرسال إجابتك. حاول مرة أخرى.",
    chooseChannel: "اختر إجابة",
  },
  fa: {
    question: "از کجا با ما آشنا شدید؟",
    channels: {
      influencer: "اینفلوئنسر / تولیدکننده محتوا",
      instagram: "اینستاگرام",
      tiktok: "تیک‌تاک",
      youtube: "یوتیوب",
      search: "موتور جستجو",
      friend: "دوست یا یکی از خانواده",
      ad: "تبلیغات",
      other: "سایر",
    },
    searchLabel: "جستجوی تولیدکننده محتوا",
    noInfluencer: "در فهرست نیست؟ بگویید چه کسی",
    freeTextLabel: "چه کسی (نام یا ‎@handle)؟",
    submit: "ارسال",
    thanks: "از اینکه به ما گفتید سپاسگزاریم!",
    failed: "ارسال پاسخ شما ممکن نشد. دوباره تلاش کنید.",
    chooseChannel: "یک پاسخ انتخاب کنید",
  },
  th: {
    question: "คุณรู้จักเราจากที่ไหน?",
    channels: {
      influencer: "อินฟลูเอนเซอร์ / ครีเอเตอร์",
      instagram: "Instagram",
      tiktok: "TikTok",
      youtube: "YouTube",
      search: "เครื่องมือค้นหา",
      friend: "เพื่อนหรือคนในครอบครัว",
      ad: "โฆษณา",
      other: "อื่น ๆ",
    },
    searchLabel: "ค้นหาครีเอเตอร์",
    noInfluencer: "ไม่มีในรายชื่อ? บอกเราว่าใคร",
    freeTextLabel: "ใคร (ชื่อหรือ @handle)?",
    submit: "ส่ง",
    thanks: "ขอบคุณที่บอกเรา!",
    failed: "ส่งคำตอบไม่สำเร็จ โปรดลองอีกครั้ง",
    chooseChannel: "เลือกคำตอบ",
  },
};

export interface SurveyLocale {
  language: SurveyLanguage;
  dir: "ltr" | "rtl";
}

/** The buyer's language as Shopify gives it ("he-IL", "pt-BR", "iw") to one the survey speaks (else English). */
export function surveyLocale(isoCode: string | null | undefined): SurveyLocale {
  let primary = (isoCode ?? "").trim().toLowerCase().replace("_", "-").split("-")[0];
  if (primary === "iw") primary = "he"; // the legacy code for Hebrew
  const language = (SURVEY_LANGUAGES as readonly string[]).includes(primary) ? (primary as SurveyLanguage) : "en";
  return { language, dir: RTL_LANGUAGES.has(language) ? "rtl" : "ltr" };
}

export function surveyMessages(language: SurveyLanguage): SurveyMessages {
  return SURVEY_MESSAGES[language];
}

/** The question's choices, labelled in the buyer's language. */
export function surveyChoices(language: SurveyLanguage): { value: SurveyChannel; label: string }[] {
  const labels = SURVEY_MESSAGES[language].channels;
  return SURVEY_CHANNELS.map((value) => ({ value, label: labels[value] }));
}

/** An influencer as the app lists them to the extension (GET /survey/options). */
export interface SurveyInfluencer {
  id: string;
  name: string;
  handles: string[];
}

/** Lower case, no accents, no "@", punctuation or spaces: "@Jané_Doe " → "janedoe". */
export function foldForSearch(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

/**
 * The influencers whose name or a handle contains what the buyer typed (accents, case, "@" and
 * spaces ignored), names starting with it first; everyone (up to `limit`) for an empty search.
 */
export function filterInfluencers(list: readonly SurveyInfluencer[], query: string, limit = 20): SurveyInfluencer[] {
  const q = foldForSearch(query);
  if (!q) return list.slice(0, limit);
  const scored: { influencer: SurveyInfluencer; rank: number; index: number }[] = [];
  list.forEach((influencer, index) => {
    const fields = [influencer.name, ...influencer.handles].map(foldForSearch);
    if (fields.some((f) => f.startsWith(q))) scored.push({ influencer, rank: 0, index });
    else if (fields.some((f) => f.includes(q))) scored.push({ influencer, rank: 1, index });
  });
  return scored
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .slice(0, limit)
    .map((s) => s.influencer);
}

/** The numeric id of an order gid (thank-you page: orderConfirmation.order.id; order status: order.id). */
export function orderIdFromGid(gid: string | null | undefined): string | null {
  const match = /^gid:\/\/shopify\/(?:Order|OrderIdentity)\/(\d{1,19})(?:\?.*)?$/.exec(gid ?? "");
  return match ? match[1] : null;
}

/** The extension storage key that remembers an order was answered (shown once per order). */
export function answeredKey(orderId: string): string {
  return `codetrail-survey-answered:${orderId}`;
}

export interface SurveyAnswer {
  channel: SurveyChannel | null;
  influencerId: string | null;
  freeText: string;
}

export interface SurveyPayload {
  v: 1;
  orderId: string;
  channel: SurveyChannel;
  influencerId?: string;
  freeText?: string;
  locale: SurveyLanguage;
}

export type BuiltPayload = { ok: true; payload: SurveyPayload } | { ok: false; reason: "no-order" | "no-channel" };

/**
 * The body of `POST /survey`. The influencer and the free text are only sent for the
 * "influencer" answer; the free text is trimmed and cut to MAX_FREE_TEXT characters.
 */
export function buildSurveyPayload(orderGid: string | null | undefined, answer: SurveyAnswer, language: SurveyLanguage): BuiltPayload {
  const orderId = orderIdFromGid(orderGid);
  if (!orderId) return { ok: false, reason: "no-order" };
  if (!answer.channel || !(SURVEY_CHANNELS as readonly string[]).includes(answer.channel)) return { ok: false, reason: "no-channel" };
  const payload: SurveyPayload = { v: 1, orderId, channel: answer.channel, locale: language };
  if (answer.channel === "influencer") {
    if (answer.influencerId) payload.influencerId = answer.influencerId;
    const text = Array.from(answer.freeText.trim()).slice(0, MAX_FREE_TEXT).join("");
    if (text) payload.freeText = text;
  }
  return { ok: true, payload };
}
