/**
 * Files the app serves to the admin (CSV exports) are downloaded with `fetch`, never a plain link:
 * inside the Shopify admin only the app's own fetch requests carry the ID token (App Bridge adds
 * it), so a link's document request arrives unauthenticated. The answer becomes a file through a
 * Blob, an object URL and a click on a temporary `<a download>`.
 */

/** The file name a Content-Disposition header gives (RFC 6266: `filename*` wins over `filename`). */
export function fileNameFromDisposition(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*([^;]+)/i.exec(header);
  if (extended) {
    const value = extended[1].trim().replace(/^"(.*)"$/, "$1");
    const encoded = value.replace(/^[\w-]+'[^']*'/, "");
    try {
      const name = decodeURIComponent(encoded);
      if (name) return name;
    } catch {
      // A malformed extended value: fall back to the plain one.
    }
  }
  const plain = /filename\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]+)/i.exec(header);
  if (!plain) return null;
  const name = plain[2] !== undefined ? plain[2].replace(/\\(.)/g, "$1") : plain[1].trim();
  return name || null;
}

export class DownloadFailed extends Error {
  constructor(readonly status: number) {
    super(`The download answered HTTP ${status}`);
  }
}

/** Fetches `url` (with the ID token inside the admin) and saves the answer as a file. */
export async function downloadFile(url: string, fallbackName: string): Promise<string> {
  const response = await fetch(url, { headers: { Accept: "text/csv, */*" } });
  if (!response.ok) throw new DownloadFailed(response.status);
  const blob = await response.blob();
  const name = fileNameFromDisposition(response.headers.get("Content-Disposition")) ?? fallbackName;
  const href = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = href;
  link.download = name;
  link.style.display = "none";
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled; free the Blob a little later.
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return name;
}
