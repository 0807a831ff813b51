import { describe, expect, it } from "vitest";
import { intFromFlacFloat } from "../codecs/decodeFlac.js";

describe("FLAC float samples back to integers", () => {
  it("recovers every 8- and 16-bit value and every 3rd 24-bit value (with the ends) exactly", () => {
    for (const bits of [8, 16, 24]) {
      const D = 2 ** (bits - 1) - 1;
      const step = bits === 24 ? 3 : 1;
      let bad = 0;
      const check = (x: number) => {
        // The decoder divides in float32: the correctly rounded quotient, which Math.fround(x / D) reproduces.
        if (intFromFlacFloat(Math.fround(x / D), D) !== x) bad++;
      };
      for (let x = -(D + 1); x <= D; x += step) check(x);
      check(D);
      check(-(D + 1));
      expect(bad).toBe(0);
    }
  });
});
