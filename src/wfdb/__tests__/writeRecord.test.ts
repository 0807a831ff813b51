import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { OptionError } from "../../errors.js";
import { digitalRange, FORMATS } from "../formats.js";
import { readRecord } from "../readRecord.js";
import { encodeRecord, writeRecord } from "../writeRecord.js";

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), "ecgkit-wfdb-"));
  dirs.push(d);
  return d;
}
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

function ecgLike(n: number, scale: number, offset: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => offset + scale * (Math.sin(i / 7) + 0.3 * Math.sin(i / 1.3) + (i % 97 === 0 ? 2 : 0)));
}

describe("writeRecord", () => {
  for (const format of [16, 212, 24, 32, 80, 61, 160, 310, 311] as const) {
    it(`format ${format}: physical values come back within half an ADC step, NaN as NaN, range filled`, async () => {
      const dir = await tempDir();
      const a = ecgLike(1001, 1.7, 0.2);
      const b = ecgLike(1001, 0.05, -3);
      a[5] = NaN;
      b[1000] = NaN;
      const { headerPath, warnings } = await writeRecord(dir, { name: "rt", samplingFrequencyHz: 500, signals: [{ name: "I", physical: a }, { name: "V 1", units: "uV", physical: b }], comments: ["Age: 59", "Sex: F"] }, { format });
      expect(warnings).toEqual([]);
      expect(headerPath).toBe(join(dir, "rt.hea"));
      const rec = await readRecord(headerPath, { digital: true });
      expect(rec.warnings).toEqual([]); // checksums written correctly
      expect(rec.signalNames).toEqual(["I", "V 1"]);
      expect(rec.units).toEqual(["mV", "uV"]);
      expect(rec.header.comments).toEqual(["Age: 59", "Sex: F"]);
      const { min, max } = digitalRange(format);
      [a, b].forEach((src, s) => {
        const gain = rec.header.signals[s]!.adcGain;
        let lo = Infinity;
        let hi = -Infinity;
        for (let i = 0; i < src.length; i++) {
          if (Number.isNaN(src[i]!)) {
            expect(rec.physical[s]![i]).toBeNaN();
            expect(rec.digital![s]![i]).toBe(FORMATS[format]!.invalid);
            continue;
          }
          expect(Math.abs(rec.physical[s]![i]! - src[i]!)).toBeLessThanOrEqual(0.5 / gain + 1e-12);
          lo = Math.min(lo, rec.digital![s]![i]!);
          hi = Math.max(hi, rec.digital![s]![i]!);
        }
        expect(lo).toBe(min);
        expect(hi).toBeGreaterThanOrEqual(max - Math.max(2, (max - min) * 1e-9)); // gains keep 10 significant digits
        expect(hi).toBeLessThanOrEqual(max);
      });
      expect((await readdir(dir)).sort()).toEqual(["rt.dat", "rt.hea"]);
    });
  }

  it("keeps given gains and baselines and warns about every clipped sample", () => {
    const enc = encodeRecord({ name: "g", samplingFrequencyHz: 250, signals: [{ name: "II", physical: [0, 1, -1, 40, -40], adcGain: 1000, baseline: 10 }] });
    expect(enc.header).toMatch(/^g 1 250 5\ng\.dat 16 1000\(10\)\/mV 16 0 10 /);
    expect(enc.warnings).toEqual(["signal 0 (II): 2 samples beyond format 16's range at gain 1000 and baseline 10 were clipped"]);
    const d = new Int16Array(enc.signalFiles[0]!.data.buffer);
    expect(Array.from(d)).toEqual([10, 1010, -990, 32767, -32767]);
  });

  it("writes a flat and an all-NaN signal readably", async () => {
    const dir = await tempDir();
    await writeRecord(dir, { name: "flat", samplingFrequencyHz: 100, signals: [{ name: "a", physical: [0.25, 0.25, 0.25] }, { name: "b", physical: [NaN, NaN, NaN] }, { name: "c", physical: [0, 0, 0] }] });
    const rec = await readRecord(join(dir, "flat"));
    expect(Array.from(rec.physical[0]!)).toEqual([0.25, 0.25, 0.25]);
    expect(rec.physical[1]!.every(Number.isNaN)).toBe(true);
    expect(Array.from(rec.physical[2]!)).toEqual([0, 0, 0]);
  });

  it("rejects bad input with an OptionError naming the option", () => {
    const sig = { name: "I", physical: [1, 2] };
    expect(() => encodeRecord({ name: "a b", samplingFrequencyHz: 1, signals: [sig] })).toThrow(/option "name": expected a record name/);
    expect(() => encodeRecord({ name: "a", samplingFrequencyHz: 0, signals: [sig] })).toThrow(OptionError);
    expect(() => encodeRecord({ name: "a", samplingFrequencyHz: 1, signals: [sig, { name: "II", physical: [1] }] })).toThrow(/signals\[1\]\.physical": expected 2 samples/);
    expect(() => encodeRecord({ name: "a", samplingFrequencyHz: 1, signals: [sig] }, { format: 508 as never })).toThrow(/option "format": expected one of 8, 16/);
    expect(() => encodeRecord({ name: "a", samplingFrequencyHz: 1, signals: [{ ...sig, units: "m V" }] })).toThrow(/units/);
  });

  it("leaves nothing behind when the target cannot be written", async () => {
    const dir = await tempDir();
    await writeRecord(dir, { name: "x", samplingFrequencyHz: 1, signals: [{ name: "I", physical: [1] }] });
    const before = await readFile(join(dir, "x.hea"), "utf8");
    // A directory where the .dat should go makes the rename fail after the temporaries exist.
    await expect(writeRecord(join(dir, "x.hea"), { name: "y", samplingFrequencyHz: 1, signals: [{ name: "I", physical: [1] }] })).rejects.toThrow();
    expect(await readFile(join(dir, "x.hea"), "utf8")).toBe(before);
    expect((await readdir(dir)).sort()).toEqual(["x.dat", "x.hea"]);
  });
});
