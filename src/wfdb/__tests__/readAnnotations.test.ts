import { describe, expect, it } from "vitest";
import { parseAnnotations } from "../parseAnnotations.js";
import { readAnnotations } from "../readAnnotations.js";
import { goldenRows, wfdbData } from "./goldenText.js";

describe("readAnnotations", () => {
  it("reproduces rdann -r 100 -a atr (golden ann-1): sample, type, subtype, chan, num, aux", async () => {
    const anns = await readAnnotations(wfdbData("100.atr"));
    const rows = goldenRows("ann-1");
    expect(anns.length).toBe(rows.length);
    rows.forEach((r, i) => {
      const a = anns[i]!;
      const got = [a.sample, a.symbol, a.subtype, a.chan, a.num, a.aux].join(" ");
      const want = [Number(r[1]), r[2], Number(r[3]), Number(r[4]), Number(r[5]), r[6] ?? ""].join(" ");
      if (got !== want) expect.fail(`annotation ${i}: expected ${want}, got ${got}`);
    });
    expect(anns.filter((a) => a.symbol === "+").map((a) => a.aux)).toContain("(N");
  });

  it("reads other annotators and reports a truncated aux field", async () => {
    expect((await readAnnotations(wfdbData("100s.atr"))).length).toBeGreaterThan(10);
    expect((await readAnnotations(wfdbData("a01.fqrs"))).every((a, i, all) => i === 0 || a.sample >= all[i - 1]!.sample)).toBe(true);
    // N at sample 5, then an aux of 4 bytes of which only 2 are present.
    const bad = Uint8Array.of(5, 1 << 2, 4, 63 << 2, 0x28, 0x4e);
    expect(() => parseAnnotations(bad, "x.atr")).toThrow('x.atr, field "aux": expected 4 bytes of auxiliary text at byte 4, found 2');
  });
});
