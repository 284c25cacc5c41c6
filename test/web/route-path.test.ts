/**
 * Reading the hash address into path segments (src/web/app/route-path.ts): the app's router. A
 * malformed percent-escape must make the address unknown (the app says "This page does not
 * exist."), not throw out of the render and leave a blank page.
 */
import { describe, expect, it } from "vitest";
import { segmentsOf } from "../../src/web/app/route-path.js";

describe("segmentsOf", () => {
  it("splits and decodes the segments, ignoring the query and empty segments", () => {
    expect(segmentsOf("#/requests/42")).toEqual(["requests", "42"]);
    expect(segmentsOf("#/requests/XA%2F1%20b?tab=x")).toEqual(["requests", "XA/1 b"]);
    expect(segmentsOf("#//admin//users/")).toEqual(["admin", "users"]);
  });

  it("home is no segment, whether the hash is `#/`, `#` or empty", () => {
    expect(segmentsOf("#/")).toEqual([]);
    expect(segmentsOf("#")).toEqual([]);
    expect(segmentsOf("")).toEqual([]);
  });

  it("a segment that is not valid percent-encoding makes the whole address unknown", () => {
    expect(segmentsOf("#/requests/%")).toBeUndefined();
    expect(segmentsOf("#/requests/%E0%A4%A")).toBeUndefined();
    expect(segmentsOf("#/%zz/new")).toBeUndefined();
  });
});
