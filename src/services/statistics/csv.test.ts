import { describe, expect, it } from "vitest";
import { csvCell, csvText } from "./csv.js";

describe("CSV cells", () => {
  it("quotes commas, quotes and line breaks as RFC 4180 says, and leaves plain text alone", () => {
    expect(csvCell("stored-data")).toBe("stored-data");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "no"')).toBe('"say ""no"""');
    expect(csvCell("two\r\nlines")).toBe('"two\r\nlines"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(2.5)).toBe("2.5");
  });

  it("defuses text a spreadsheet would run as a formula", () => {
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("+XB")).toBe("'+XB");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=cmd")).toBe("'\t=cmd");
    expect(csvCell('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
    expect(csvCell("a=b")).toBe("a=b");
  });

  it("ends every record with CRLF", () => {
    expect(
      csvText([
        ["a", 1],
        [null, "b,c"],
      ]),
    ).toBe('a,1\r\n,"b,c"\r\n');
  });
});
