import { createHmac } from "node:crypto";

/**
 * Request bodies read with their limit enforced while reading (Content-Length and chunked alike),
 * so a client that sends more than an endpoint accepts is answered after the first chunk past the
 * limit instead of after the whole body. On refusal the reader stops pulling (the stream is left
 * paused, not destroyed) so the answer can still be sent; it must say `Connection: close`.
 */

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than ${limit} bytes.`);
  }
}

/** Too many unverified bytes in flight in this process: the client should come back later. */
export class UploadsBusy extends Error {
  constructor() {
    super("Too many uploads in progress; try again shortly.");
  }
}

/** Headers for an answer given before the body was read to its end. */
export const BODY_REFUSED_HEADERS = { Connection: "close" } as const;

/** Whether a declared Content-Length is already over the limit (no need to read anything). */
export function declaredOverLimit(contentLength: string | null | undefined, limit: number): boolean {
  if (!contentLength) return false;
  const length = Number(contentLength);
  return Number.isFinite(length) && length > limit;
}

/**
 * Bytes read but not yet verified, for the whole process: one budget shared by every unverified
 * upload (webhook bodies before their HMAC is checked), so many slow or large uploads at once
 * cannot hold more than `limit` bytes of memory.
 */
export class UploadBudget {
  private used = 0;
  constructor(readonly limit: number) {}
  take(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }
  give(bytes: number) {
    this.used = Math.max(0, this.used - bytes);
  }
  get inUse() {
    return this.used;
  }
}

interface ReadOptions {
  limit: number;
  /** Each chunk as it arrives (a hash, say). */
  onChunk?: (chunk: Uint8Array) => void;
  /** Counts the bytes against a shared budget while they are read; returned when reading ends. */
  budget?: UploadBudget;
  /** Reads to the end without keeping anything (a refused body drained so its answer arrives). */
  discard?: boolean;
}

/** Reads a body of at most `limit` bytes; throws BodyTooLarge as soon as it is exceeded. */
export async function readLimited(source: AsyncIterable<Uint8Array>, options: ReadOptions): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let reserved = 0;
  // Pulled by hand: leaving a for-await loop early would destroy the stream (and the socket with
  // it) before the 413 could be sent.
  const iterator = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      const { value, done } = await iterator.next();
      if (done) break;
      size += value.byteLength;
      if (size > options.limit) throw new BodyTooLarge(options.limit);
      if (options.budget) {
        if (!options.budget.take(value.byteLength)) throw new UploadsBusy();
        reserved += value.byteLength;
      }
      options.onChunk?.(value);
      if (!options.discard) chunks.push(value);
    }
  } finally {
    options.budget?.give(reserved);
  }
  return Buffer.concat(chunks);
}

/** A Fetch body's chunks, pulled one at a time (the reader is never cancelled: see readLimited). */
export async function* bodyChunks(stream: ReadableStream<Uint8Array> | null): AsyncIterable<Uint8Array> {
  if (!stream) return;
  const reader = stream.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    yield value;
  }
}

/** A Fetch request's body as text, at most `limit` bytes (Content-Length checked first). */
export async function readRequestText(request: Request, limit: number): Promise<string> {
  if (declaredOverLimit(request.headers.get("Content-Length"), limit)) throw new BodyTooLarge(limit);
  return (await readLimited(bodyChunks(request.body), { limit })).toString("utf8");
}

export interface SignedBody {
  text: string;
  /** HMAC-SHA256 of the raw bytes, computed while they arrived. */
  digest: Buffer;
}

/** A body hashed (HMAC-SHA256 with `secret`) while it is read, within `limit` and the budget. */
export async function readSignedBody(
  source: AsyncIterable<Uint8Array>,
  options: { limit: number; secret: string; budget?: UploadBudget; contentLength?: string | null },
): Promise<SignedBody> {
  if (declaredOverLimit(options.contentLength, options.limit)) throw new BodyTooLarge(options.limit);
  const hmac = createHmac("sha256", options.secret);
  const raw = await readLimited(source, { limit: options.limit, budget: options.budget, onChunk: (chunk) => hmac.update(chunk) });
  return { text: raw.toString("utf8"), digest: hmac.digest() };
}

/**
 * The same request with its body read within `limit`, for code that reads the body itself (a
 * library's `formData()`); BodyTooLarge past the limit.
 */
export async function withLimitedBody(request: Request, limit: number): Promise<Request> {
  if (request.method === "GET" || request.method === "HEAD") return request;
  const body = await readRequestText(request, limit);
  const headers = new Headers(request.headers);
  headers.delete("Content-Length");
  return new Request(request.url, { method: request.method, headers, body, signal: request.signal });
}

/** The answer to a body over its limit. */
export function bodyTooLargeResponse(): Response {
  return new Response("Payload too large", { status: 413, headers: { ...BODY_REFUSED_HEADERS, "Content-Type": "text/plain; charset=utf-8" } });
}
