import fc from "fast-check";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { chooseAdcParams } from "../chooseAdcParams.js";
import { digitalRange, WRITABLE_FORMATS } from "../formats.js";
import { readRecord } from "../readRecord.js";
import { encodeRecord, writeEncodedRecord } from "../writeRecord.js";

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const signal = fc.oneof(
  fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 }),
  fc.array(fc.oneof(fc.double({ min: -5, max: 5, noNaN: true }), fc.constant(NaN)), { minLength: 1, maxLength: 60 }),
  fc.tuple(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.integer({ min: 1, max: 30 })).map(([v, n]) => Array<number>(n).fill(v)),
);

describe("gains and baselines chosen for physical input (fast-check)", () => {
  it("never clip, and read back within half an ADC step, in every writable format but 8", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ecgkit-adc-"));
    dirs.push(dir);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(signal, fc.constantFrom(...WRITABLE_FORMATS.filter((f) => f !== 8)), async (values, format) => {
        const { adcGain, baseline } = chooseAdcParams(values, format);
        const { min, max } = digitalRange(format);
        for (const v of values) {
          if (Number.isNaN(v)) continue;
          const d = Math.round(v * adcGain + baseline);
          expect(d >= min && d <= max).toBe(true);
        }
        const name = `a${run++}`;
        const enc = encodeRecord({ name, samplingFrequencyHz: 100, signals: [{ name: "x", physical: values }] }, { format });
        expect(enc.warnings).toEqual([]);
        await writeEncodedRecord(dir, enc);
        const rec = await readRecord(join(dir, name));
        const gain = rec.header.signals[0]!.adcGain;
        values.forEach((v, i) => {
          if (Number.isNaN(v)) expect(rec.physical[0]![i]).toBeNaN();
          else expect(Math.abs(rec.physical[0]![i]! - v)).toBeLessThanOrEqual(0.5 / gain + Math.abs(v) * 1e-12);
        });
      }),
      { numRuns: 150 },
    );
  });
});
