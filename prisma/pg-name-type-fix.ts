import pg from "pg";

// @prisma/adapter-pg 6.19 cannot deserialize PostgreSQL's `name` type (oid 19), which the
// migration engine meets in catalog queries: "Column type 'name' could not be deserialized".
// Reporting those columns as `text` (oid 25) is lossless. Only the Prisma CLI loads this.
const NAME_OID = 19;
const TEXT_OID = 25;
const PATCHED = Symbol.for("codetrail.pgNameTypeFix");

type Fields = { dataTypeID: number }[];
function relabel<T>(result: T): T {
  for (const r of Array.isArray(result) ? result : [result]) {
    const fields = (r as { fields?: Fields } | undefined)?.fields;
    if (fields) for (const f of fields) if (f.dataTypeID === NAME_OID) f.dataTypeID = TEXT_OID;
  }
  return result;
}

const proto = pg.Client.prototype as unknown as Record<symbol | string, unknown> & {
  query: (...args: unknown[]) => unknown;
};
if (!proto[PATCHED]) {
  const original = proto.query;
  proto.query = function patchedQuery(this: unknown, ...args: unknown[]) {
    const last = args[args.length - 1];
    if (typeof last === "function") {
      const callback = last as (err: unknown, res: unknown) => void;
      args[args.length - 1] = (err: unknown, res: unknown) => callback(err, err ? res : relabel(res));
      return original.apply(this, args);
    }
    const out = original.apply(this, args);
    if (out && typeof (out as Promise<unknown>).then === "function") {
      return (out as Promise<unknown>).then(relabel);
    }
    return out;
  };
  proto[PATCHED] = true;
}
