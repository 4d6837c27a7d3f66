import { parseForm } from "../../lib/form-validation";
import { contentPostSchema, emvRatesSchema } from "../../lib/forms/content-post";
import { invalid, notFound, saved } from "../../lib/http.server";
import { deleteContentPost, importContentCsv, saveContentPost, setEmvRates } from "../../models/content.server";

const MAX_CSV_BYTES = 1_000_000;

/** The content page's form intents, one handler each; every one is scoped by shop. */
export const contentActions = {
  async add(shopId: string, form: FormData) {
    const parsed = parseForm(contentPostSchema, form);
    if (!parsed.ok) return invalid("add", parsed.fieldErrors, "validation.form");
    const result = await saveContentPost(shopId, parsed.data);
    return result.ok ? saved("add") : invalid("add", result.fieldErrors, "validation.form");
  },
  async import(shopId: string, form: FormData) {
    const file = form.get("file");
    let text = String(form.get("csv") ?? "");
    if (file && typeof file !== "string" && file.size > 0) {
      if (file.size > MAX_CSV_BYTES) return invalid("import", { form: "content.import.tooLarge" });
      text = await file.text();
    }
    if (!text.trim()) return invalid("import", { form: "content.import.empty" });
    const result = await importContentCsv(shopId, text);
    if (result.fileError) return invalid("import", { form: result.fileError });
    return saved("import", { imported: result.imported, rows: result.rows, rowErrors: result.rowErrors });
  },
  async rates(shopId: string, form: FormData) {
    const parsed = parseForm(emvRatesSchema, form);
    if (!parsed.ok) return invalid("rates", parsed.fieldErrors, "validation.form");
    await setEmvRates(shopId, parsed.data);
    return saved("rates");
  },
  async delete(shopId: string, form: FormData) {
    return (await deleteContentPost(shopId, String(form.get("postId") ?? ""))) ? saved("delete") : notFound();
  },
};
