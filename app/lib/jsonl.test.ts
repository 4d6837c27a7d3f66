import { describe, expect, it } from "vitest";
import { groupJsonl, JsonlError, readJsonl, type JsonlLine } from "./jsonl";

const encoder = new TextEncoder();

async function* chunksOf(text: string, size: number) {
  const bytes = encoder.encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

describe("readJsonl", () => {
  it("parses lines split anywhere across chunks, CRLF and multi-byte characters included", async () => {
    const text = '{"id":"gid://shopify/Order/1","name":"#1001 — Ünïcode ✓"}\r\n\n{"id":"gid://shopify/Order/2","amount":"12.50"}\n{"last":true}';
    for (const size of [1, 2, 3, 7, 64, 4096]) {
      const lines = await collect(readJsonl(chunksOf(text, size)));
      expect(lines).toEqual([
        { number: 1, value: { id: "gid://shopify/Order/1", name: "#1001 — Ünïcode ✓" } },
        { number: 3, value: { id: "gid://shopify/Order/2", amount: "12.50" } },
        { number: 4, value: { last: true } },
      ]);
    }
  });

  it("skips the lines a resumed import already applied, by line number", async () => {
    const text = ['{"n":1}', '{"n":2}', "not json, never parsed", '{"n":4}'].join("\n") + "\n";
    const lines = await collect(readJsonl(chunksOf(text, 5), { skip: 3 }));
    expect(lines).toEqual([{ number: 4, value: { n: 4 } }]);
  });

  it("names the line that is not a JSON object", async () => {
    await expect(collect(readJsonl(chunksOf('{"n":1}\n{"n":\n', 4)))).rejects.toThrow(new JsonlError("Line 2 of the bulk operation's result is not JSON."));
    await expect(collect(readJsonl(chunksOf('{"n":1}\n[1,2]\n', 4)))).rejects.toThrow("Line 2 is not a JSON object.");
  });

  it("reads incrementally: a line is handed on before the rest of a large source is read", async () => {
    // 200,000 lines (about 10 MB) made on demand; the reader may only be a chunk or two ahead of
    // what was consumed, whatever the size of the whole — so memory does not grow with the file.
    const LINES = 200_000;
    const PER_CHUNK = 100;
    let pulled = 0;
    async function* source() {
      for (let start = 0; start < LINES; start += PER_CHUNK) {
        pulled += 1;
        let text = "";
        for (let n = start; n < start + PER_CHUNK; n++) text += JSON.stringify({ id: `gid://shopify/Order/${n}`, pad: "x".repeat(20) }) + "\n";
        yield encoder.encode(text);
      }
    }
    let consumed = 0;
    let mostAhead = 0;
    for await (const line of readJsonl(source())) {
      consumed += 1;
      if (line.value.id !== `gid://shopify/Order/${line.number - 1}`) throw new Error(`line ${line.number} out of order`);
      mostAhead = Math.max(mostAhead, pulled - Math.ceil(consumed / PER_CHUNK));
      if (consumed === 1) expect(pulled).toBe(1);
    }
    expect(consumed).toBe(LINES);
    expect(pulled).toBe(LINES / PER_CHUNK);
    expect(mostAhead).toBeLessThanOrEqual(1);
  });
});

describe("groupJsonl", () => {
  async function* lines(values: Record<string, unknown>[]): AsyncGenerator<JsonlLine> {
    let number = 0;
    for (const value of values) yield { number: ++number, value };
  }

  it("keeps each root object with the lines of its nested connections, also those of objects inlined in it", async () => {
    const groups = await collect(
      groupJsonl(
        lines([
          { id: "O1", refunds: [{ id: "R1" }] },
          { subtotal: "5", __parentId: "R1" },
          { id: "L1", __parentId: "O1" },
          { amount: "1", __parentId: "L1" },
          { id: "O2", refunds: [] },
        ]),
        (root) => (root.refunds as { id: string }[]).map((r) => r.id),
      ),
    );
    expect(groups).toEqual([
      {
        root: { id: "O1", refunds: [{ id: "R1" }] },
        children: [
          { parentId: "R1", value: { subtotal: "5" } },
          { parentId: "O1", value: { id: "L1" } },
          { parentId: "L1", value: { amount: "1" } },
        ],
        firstLine: 1,
        lastLine: 4,
      },
      { root: { id: "O2", refunds: [] }, children: [], firstLine: 5, lastLine: 5 },
    ]);
  });

  it("refuses a child that does not follow its parent (an ungrouped result) instead of holding lines in memory", async () => {
    const ungrouped = lines([{ id: "O1" }, { id: "O2" }, { id: "L1", __parentId: "O1" }]);
    await expect(collect(groupJsonl(ungrouped))).rejects.toThrow("Line 3 belongs to O1, which is not the object before it");
  });
});
