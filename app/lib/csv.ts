import { stringify } from "csv-stringify/sync";

/**
 * A spreadsheet evaluates a cell that starts with =, +, - or @ (and tab or carriage return, which
 * some strip first) as a formula. Text cells that do get a leading apostrophe, which spreadsheets
 * show as text (OWASP's CSV injection advice). Numeric columns are machine-made and left alone.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** RFC 4180 CSV (CRLF, quotes where needed) from a header and rows of cells. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return stringify([header as string[], ...(rows as string[][])], { record_delimiter: "windows" });
}
