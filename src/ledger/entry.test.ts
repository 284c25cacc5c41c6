import { describe, expect, it } from "vitest";
import { type Entry, encodeEntry, entryLeafHash, parseEntry } from "./entry.js";
import { LedgerError } from "./errors.js";
import { leafHash } from "./hash.js";

const entry: Entry = {
  index: 0,
  time: "2026-01-01T09:30:00.000Z",
  actor: "XA/user/alice",
  type: "request.created",
  subject: "case/2026-0001",
  data: { kind: "preservation", urgent: true, accounts: ["a@example.org"] },
};

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(LedgerError);
    return (error as LedgerError).code;
  }
  return undefined;
};

describe("encodeEntry", () => {
  it("is the UTF-8 of the RFC 8785 canonical JSON", () => {
    expect(new TextDecoder().decode(encodeEntry(entry))).toBe(
      '{"actor":"XA/user/alice","data":{"accounts":["a@example.org"],"kind":"preservation","urgent":true},' +
        '"index":0,"subject":"case/2026-0001","time":"2026-01-01T09:30:00.000Z","type":"request.created"}',
    );
  });

  it("does not depend on the order fields were written in", () => {
    const shuffled = {
      data: { urgent: true, accounts: ["a@example.org"], kind: "preservation" },
      type: entry.type,
      subject: entry.subject,
      index: 0,
      actor: entry.actor,
      time: entry.time,
    };
    expect(encodeEntry(shuffled)).toEqual(encodeEntry(entry));
  });

  it("encodes non-ASCII text as UTF-8", () => {
    const bytes = encodeEntry({ ...entry, data: { note: "é" } });
    expect(Buffer.from(bytes).includes(Buffer.from([0xc3, 0xa9]))).toBe(true);
  });

  it("hashes the encoding as an RFC 9162 leaf", () => {
    expect(entryLeafHash(entry)).toEqual(leafHash(encodeEntry(entry)));
    expect(entryLeafHash({ ...entry, index: 1 })).not.toEqual(entryLeafHash(entry));
  });

  it("validates the entry before encoding it, whatever its static type claims", () => {
    expect(codeOf(() => encodeEntry({ ...entry, extra: "not hashed by others" } as Entry))).toBe(
      "LEDGER_BAD_ENTRY",
    );
    expect(codeOf(() => entryLeafHash({ ...entry, index: -1 }))).toBe("LEDGER_BAD_ENTRY");
  });

  it("refuses data that JSON cannot hold exactly", () => {
    expect(codeOf(() => encodeEntry({ ...entry, data: { n: Number.NaN } }))).toBe("LEDGER_BAD_ENTRY");
    expect(codeOf(() => encodeEntry({ ...entry, data: { when: new Date(0) } }))).toBe("LEDGER_BAD_ENTRY");
  });
});

describe("parseEntry", () => {
  it("accepts a well-formed entry", () => {
    expect(parseEntry(entry)).toEqual(entry);
  });

  it("refuses malformed entries", () => {
    const bad: unknown[] = [
      { ...entry, index: -1 },
      { ...entry, index: 1.5 },
      { ...entry, index: 2 ** 53 },
      { ...entry, time: "2026-01-01" },
      { ...entry, time: "yesterday" },
      { ...entry, actor: "" },
      { ...entry, subject: "" },
      { ...entry, type: "Request.Created" },
      { ...entry, type: "request..created" },
      { ...entry, type: "request created" },
      { ...entry, data: [] },
      { ...entry, data: "x" },
      { ...entry, extra: 1 },
      (({ subject: _, ...rest }) => rest)(entry),
      null,
    ];
    for (const input of bad) expect(codeOf(() => parseEntry(input))).toBe("LEDGER_BAD_ENTRY");
  });

  it("accepts hyphenated and single-word types", () => {
    for (const type of ["key.rotated", "evidence.custody-transferred", "genesis"]) {
      expect(parseEntry({ ...entry, type }).type).toBe(type);
    }
  });
});
