import fc from "fast-check";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeFormat8 } from "../codecs/decodeFormat8.js";
import { decodeSamples } from "../codecs/decodeSamples.js";
import { encodeFormat8 } from "../codecs/encodeFormat8.js";
import { ENCODERS } from "../codecs/encodeSamples.js";
import { encodeDigitalRecord } from "../encodeDigitalRecord.js";
import { bytesForSamples, FORMATS, samplesInBytes } from "../formats.js";
import { readRecord } from "../readRecord.js";
import type { SignalSpec, WfdbHeader } from "../types.js";
import { writeEncodedRecord } from "../writeRecord.js";

const packed = [16, 24, 32, 61, 80, 160, 212, 310, 311];

/** Samples a format can hold, the invalid sample included. */
const samplesOf = (format: number, maxLength = 200) => {
  const info = FORMATS[format]!;
  return fc.array(fc.integer({ min: info.invalid, max: -info.invalid - 1 }), { maxLength }).map((a) => Int32Array.from(a));
};

describe("bit packing round trips (fast-check)", () => {
  for (const format of packed) {
    it(`format ${format}: decode(encode(x)) = x, from any start sample, in the byte count the format defines`, () => {
      fc.assert(
        fc.property(samplesOf(format), fc.nat(), (x, startSeed) => {
          const bytes = ENCODERS[format]!(x);
          expect(bytes.length).toBe(bytesForSamples(FORMATS[format]!, x.length));
          // 310 stores 2 samples of a group in 4 bytes, as many as 3: the header's length tells them apart.
          const held = samplesInBytes(FORMATS[format]!, bytes.length);
          expect(held - x.length).toBe(format === 310 && x.length % 3 === 2 ? 1 : 0);
          const start = x.length ? startSeed % x.length : 0;
          const out = new Int32Array(x.length - start);
          decodeSamples(format, bytes, start, out.length, out, "t");
          expect(Array.from(out)).toEqual(Array.from(x.subarray(start)));
        }),
        { numRuns: 300 },
      );
    });
  }

  it("format 8: steps within -128..127 round trip exactly from any initial values", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.integer({ min: -128, max: 127 }), { maxLength: 300 }),
        fc.array(fc.integer({ min: -2000, max: 2000 }), { minLength: 3, maxLength: 3 }),
        (frameSize, steps, init) => {
          const slotSignal = Int32Array.from({ length: frameSize }, (_, j) => j);
          const initial = Int32Array.from(init.slice(0, frameSize));
          const acc = Int32Array.from(initial);
          const x = Int32Array.from(steps, (d, i) => (acc[i % frameSize] = acc[i % frameSize]! + d));
          const { bytes, limited } = encodeFormat8(x, slotSignal, initial);
          expect(limited).toBe(0);
          const out = new Int32Array(x.length);
          decodeFormat8(bytes, x.length, out, slotSignal, initial);
          expect(Array.from(out)).toEqual(Array.from(x));
        },
      ),
    );
  });
});

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe("records of any shape round trip through files (fast-check)", () => {
  it("several files, formats, samples per frame and ranges", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ecgkit-prop-"));
    dirs.push(dir);
    const shape = fc.record({
      n: fc.integer({ min: 0, max: 40 }),
      signals: fc.array(fc.record({ file: fc.integer({ min: 0, max: 1 }), spf: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 4 }),
      formats: fc.tuple(fc.constantFrom(...packed), fc.constantFrom(...packed)),
      seed: fc.integer(),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(shape, async ({ n, signals, formats, seed }) => {
        let r = seed;
        const rand = () => ((r = (Math.imul(r, 1103515245) + 12345) | 0) >>> 8) / 2 ** 24;
        const name = `p${run++}`;
        const specs: SignalSpec[] = signals.map((s, i) => ({
          fileName: `${name}_${s.file}.dat`, format: formats[s.file]!, samplesPerFrame: s.spf, skew: 0, byteOffset: 0, adcGain: 100 + i,
          baseline: i - 1, units: "mV", adcResolution: 12, adcZero: 0, initialValue: 0, checksum: undefined, blockSize: 0, description: `s${i}`,
        }));
        const digital = specs.map((s) => {
          const info = FORMATS[s.format]!;
          return Int32Array.from({ length: n * s.samplesPerFrame }, () => info.invalid + Math.floor(rand() * -2 * info.invalid));
        });
        const header: WfdbHeader = { recordName: name, nSignals: specs.length, samplingFrequencyHz: 360, nSamples: n, signals: specs, comments: [] };
        await writeEncodedRecord(dir, encodeDigitalRecord(header, digital));
        const all = await readRecord(join(dir, name), { digital: true, expandFrames: true });
        expect(all.warnings).toEqual([]);
        all.digital!.forEach((d, i) => expect(Array.from(d)).toEqual(Array.from(digital[i]!)));
        const a = Math.floor(rand() * (n + 1));
        const b = a + Math.floor(rand() * (n - a + 1));
        const part = await readRecord(join(dir, name), { digital: true, expandFrames: true, startSample: a, endSample: b, signals: [specs.length - 1, 0] });
        [specs.length - 1, 0].forEach((s, k) => {
          const spf = specs[s]!.samplesPerFrame;
          expect(Array.from(part.digital![k]!)).toEqual(Array.from(digital[s]!.subarray(a * spf, b * spf)));
        });
      }),
      { numRuns: 60 },
    );
  });
});
