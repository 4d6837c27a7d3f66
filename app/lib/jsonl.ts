/**
 * Streaming JSONL, as Shopify's bulk operations write their results: one JSON object per line,
 * nested connections as lines of their own that name their parent in `__parentId`. Everything here
 * reads incrementally — a line is parsed and handed on before the next chunk of the source is
 * read — so memory stays flat whatever the size of the file. Pure, no I/O (the caller supplies the
 * byte stream).
 */

const NEWLINE = 0x0a;

export interface JsonlLine {
  /** 1-based line number in the file (blank lines count, so a resume can skip by number). */
  number: number;
  value: Record<string, unknown>;
}

export class JsonlError extends Error {}

/**
 * The lines of a JSONL byte stream, parsed one at a time. `skip` lines are passed over without
 * being parsed (a resumed import skips what it already applied).
 */
export async function* readJsonl(source: AsyncIterable<Uint8Array>, options: { skip?: number } = {}): AsyncGenerator<JsonlLine> {
  const skip = options.skip ?? 0;
  let number = 0;
  let pending: Buffer | null = null;
  function* lines(buffer: Buffer, final: boolean): Generator<JsonlLine> {
    let start = 0;
    for (;;) {
      const end = buffer.indexOf(NEWLINE, start);
      if (end === -1) break;
      const line = lineAt(buffer, start, end);
      start = end + 1;
      if (line) yield line;
    }
    pending = start < buffer.length ? buffer.subarray(start) : null;
    if (final && pending) {
      const line = lineAt(pending, 0, pending.length);
      pending = null;
      if (line) yield line;
    }
  }
  function lineAt(buffer: Buffer, start: number, end: number): JsonlLine | null {
    number += 1;
    if (number <= skip) return null;
    let stop = end;
    if (stop > start && buffer[stop - 1] === 0x0d) stop -= 1;
    if (stop === start) return null;
    const text = buffer.toString("utf8", start, stop);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new JsonlError(`Line ${number} of the bulk operation's result is not JSON.`);
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) throw new JsonlError(`Line ${number} is not a JSON object.`);
    return { number, value: value as Record<string, unknown> };
  }
  for await (const chunk of source) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const buffer: Buffer = pending ? Buffer.concat([pending, bytes]) : bytes;
    yield* lines(buffer, false);
  }
  if (pending) yield* lines(pending, true);
}

/** A root object of the result with the lines that belong to it (its nested connections' nodes). */
export interface JsonlGroup {
  root: Record<string, unknown>;
  /** The children, in file order, each with the id of the object it belongs to. */
  children: { parentId: string; value: Record<string, unknown> }[];
  /** Line number of the root and of the group's last line: a resume restarts after `lastLine`. */
  firstLine: number;
  lastLine: number;
}

/**
 * Groups a bulk result run with `groupObjects: true`: each root object (a line without
 * `__parentId`) is followed by its descendants. A child whose parent is not in the current group
 * is refused with the line number, rather than being held in memory until its parent turns up.
 * `ownIds` names the ids inside a root line that children may point to (objects inlined in the
 * root, such as an order's refunds).
 */
export async function* groupJsonl(
  lines: AsyncIterable<JsonlLine>,
  ownIds: (root: Record<string, unknown>) => Iterable<string> = () => [],
): AsyncGenerator<JsonlGroup> {
  let group: JsonlGroup | null = null;
  let known = new Set<string>();
  for await (const { number, value } of lines) {
    const parentId = value.__parentId;
    if (parentId === undefined) {
      if (group) yield group;
      group = { root: value, children: [], firstLine: number, lastLine: number };
      known = new Set([String(value.id), ...ownIds(value)]);
      continue;
    }
    if (typeof parentId !== "string" || !group || !known.has(parentId)) {
      throw new JsonlError(
        `Line ${number} belongs to ${String(parentId)}, which is not the object before it: the result must be grouped (groupObjects: true).`,
      );
    }
    const { __parentId: _drop, ...child } = value;
    group.children.push({ parentId, value: child });
    group.lastLine = number;
    if (typeof child.id === "string") known.add(child.id);
  }
  if (group) yield group;
}
