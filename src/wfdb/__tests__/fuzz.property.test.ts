import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { WfdbFormatError } from "../../errors.js";
import { parseAnnotations } from "../parseAnnotations.js";
import { parseHeader } from "../parseHeader.js";
import { readMatHeader } from "../readMatHeader.js";

/** Runs fn; anything thrown must be a WfdbFormatError (bad input never crashes with another error). */
function onlyFormatErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(WfdbFormatError);
  }
}

const token = fc.oneof(
  fc.constantFrom("100", "212", "16x2:3+24", "200(1024)/mV", "1.5e3", "-", "(", ")", "/", "x", "~", "0", "#", "12:00:00.5", "01/02/2003", "a/2", "360/720(1)"),
  fc.string({ maxLength: 6 }),
);
const line = fc.array(token, { maxLength: 11 }).map((t) => t.join(fc.sample(fc.constantFrom(" ", "\t", "  "), 1)[0]));

describe("malformed input never crashes (fast-check)", () => {
  it("parseHeader: a header or a WfdbFormatError, for any text built from header-like tokens", () => {
    fc.assert(fc.property(fc.array(line, { maxLength: 8 }), (lines) => onlyFormatErrors(() => parseHeader(lines.join("\n"), "fuzz.hea"))), { numRuns: 2000 });
  });

  it("parseAnnotations and readMatHeader: a result or a WfdbFormatError, for any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        onlyFormatErrors(() => parseAnnotations(bytes, "fuzz.atr"));
        onlyFormatErrors(() => readMatHeader(bytes, "fuzz.mat"));
      }),
      { numRuns: 2000 },
    );
  });
});
