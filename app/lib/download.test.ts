import { describe, expect, it } from "vitest";
import { fileNameFromDisposition } from "./download";

describe("fileNameFromDisposition", () => {
  it("reads the quoted, plain and extended forms, the extended one first", () => {
    expect(fileNameFromDisposition('attachment; filename="codetrail-influencers-start-today.csv"')).toBe("codetrail-influencers-start-today.csv");
    expect(fileNameFromDisposition("attachment; filename=report.csv")).toBe("report.csv");
    expect(fileNameFromDisposition(`attachment; filename="fallback.csv"; filename*=UTF-8''%D7%93%D7%95%D7%97.csv`)).toBe("דוח.csv");
    expect(fileNameFromDisposition('attachment; filename="a \\"quoted\\" name.csv"')).toBe('a "quoted" name.csv');
  });

  it("has no name without the header or the parameter, or with a malformed extended value", () => {
    expect(fileNameFromDisposition(null)).toBeNull();
    expect(fileNameFromDisposition("attachment")).toBeNull();
    expect(fileNameFromDisposition(`attachment; filename="ok.csv"; filename*=UTF-8''%E0%A4%A.csv`)).toBe("ok.csv");
  });
});
