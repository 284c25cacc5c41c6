import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CanonicalJsonError, type CanonicalJsonErrorCode, canonicalJson } from "./canonical-json.js";

function errorCode(value: unknown): CanonicalJsonErrorCode | undefined {
  try {
    canonicalJson(value);
  } catch (error) {
    if (error instanceof CanonicalJsonError) return error.code;
    throw error;
  }
  return undefined;
}

describe("canonicalJson", () => {
  it("writes literals and strings without whitespace", () => {
    expect(canonicalJson(null)).toBe("null");
    expect(canonicalJson(true)).toBe("true");
    expect(canonicalJson(false)).toBe("false");
    expect(canonicalJson([1, "a", [], {}])).toBe('[1,"a",[],{}]');
    expect(canonicalJson({ b: [true, null], a: { d: 1, c: 2 } })).toBe('{"a":{"c":2,"d":1},"b":[true,null]}');
  });

  it("sorts keys by UTF-16 code units, not by code point or locale", () => {
    // The key set of RFC 8785 §3.2.3: U+1F600 (a surrogate pair, D83D DE00) sorts before U+FB33
    // in UTF-16 order although its code point is larger.
    const value = {
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\u{1f600}": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis",
    };
    // Compared as text: JSON.parse would move the integer-like key "1" to the front.
    expect(canonicalJson(value)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\u{1f600}":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
    expect(canonicalJson({ b: 1, B: 2, a: 3, "": 4 })).toBe('{"":4,"B":2,"a":3,"b":1}');
  });

  it("serialises numbers as ECMAScript does", () => {
    const cases: [number, string][] = [
      [0, "0"],
      [-0, "0"],
      [1, "1"],
      [-1.5, "-1.5"],
      [1e21, "1e+21"],
      [1e20, "100000000000000000000"],
      [1e-7, "1e-7"],
      [0.000001, "0.000001"],
      [5e-324, "5e-324"],
      [1.7976931348623157e308, "1.7976931348623157e+308"],
      [9007199254740992, "9007199254740992"],
      [0.1 + 0.2, "0.30000000000000004"],
      [333333333.3333333, "333333333.3333333"],
    ];
    for (const [n, text] of cases) expect(canonicalJson(n)).toBe(text);
  });

  it("escapes strings minimally, with lower-case hex for controls", () => {
    expect(canonicalJson('"\\/\b\f\n\r\t')).toBe('"\\"\\\\/\\b\\f\\n\\r\\t"');
    expect(canonicalJson("\u0000\u001f\u007f")).toBe('"\\u0000\\u001f\u007f"');
    expect(canonicalJson("é€😀")).toBe('"é€😀"');
  });

  it("omits object keys whose value is undefined", () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(canonicalJson(Object.assign(Object.create(null), { z: 1 }))).toBe('{"z":1}');
  });

  it("allows the same object twice when it is not its own ancestor", () => {
    const shared = { x: 1 };
    expect(canonicalJson([shared, { y: shared }])).toBe('[{"x":1},{"y":{"x":1}}]');
  });

  it("refuses values JSON cannot represent exactly", () => {
    expect(errorCode(Number.NaN)).toBe("CANONICAL_JSON_NON_FINITE");
    expect(errorCode({ a: Number.POSITIVE_INFINITY })).toBe("CANONICAL_JSON_NON_FINITE");
    expect(errorCode([Number.NEGATIVE_INFINITY])).toBe("CANONICAL_JSON_NON_FINITE");
    expect(errorCode(() => 1)).toBe("CANONICAL_JSON_UNSUPPORTED");
    expect(errorCode({ f: () => 1 })).toBe("CANONICAL_JSON_UNSUPPORTED");
    expect(errorCode(Symbol("s"))).toBe("CANONICAL_JSON_UNSUPPORTED");
    expect(errorCode(10n)).toBe("CANONICAL_JSON_UNSUPPORTED");
    expect(errorCode(undefined)).toBe("CANONICAL_JSON_UNSUPPORTED");
    expect(errorCode([1, undefined])).toBe("CANONICAL_JSON_UNSUPPORTED");
    // biome-ignore lint/suspicious/noSparseArray: a hole is exactly what is being tested
    expect(errorCode([1, , 2])).toBe("CANONICAL_JSON_UNSUPPORTED");
    expect(errorCode(new Date(0))).toBe("CANONICAL_JSON_UNSUPPORTED");
    expect(errorCode(new Map())).toBe("CANONICAL_JSON_UNSUPPORTED");
    expect(errorCode({ [Symbol("k")]: 1 })).toBe("CANONICAL_JSON_UNSUPPORTED");
  });

  it("names the offending path in the message", () => {
    expect(() => canonicalJson({ a: [0, { b: 10n }] })).toThrow("$.a[1].b: a bigint has no JSON form");
    expect(() => canonicalJson({ list: [1, undefined] })).toThrow("$.list[1]: undefined in an array");
  });

  it("refuses lone surrogates in strings and keys", () => {
    expect(errorCode("\ud800")).toBe("CANONICAL_JSON_BAD_STRING");
    expect(errorCode("a\udc00")).toBe("CANONICAL_JSON_BAD_STRING");
    expect(errorCode({ "\ud83d": 1 })).toBe("CANONICAL_JSON_BAD_STRING");
  });

  it("refuses cycles", () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(errorCode(loop)).toBe("CANONICAL_JSON_CYCLE");
    const list: unknown[] = [];
    list.push(list);
    expect(errorCode(list)).toBe("CANONICAL_JSON_CYCLE");
  });

  it("round-trips through JSON.parse and ignores key insertion order", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        // Re-parsing reorders nothing that matters: the canonical form is a fixed point.
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });

  it("gives the same text for the same members in any order", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.integer()), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(record));
      }),
    );
  });
});
