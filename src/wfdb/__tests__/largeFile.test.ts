import fc from "fast-check";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeDigitalRecord } from "../encodeDigitalRecord.js";
import { formatHeader } from "../formatHeader.js";
import { FORMATS } from "../formats.js";
import { readRecord } from "../readRecord.js";
import type { SignalSpec, WfdbHeader } from "../types.js";
import { writeEncodedRecord } from "../writeRecord.js";

// Files above 4 MB are read only in the window a range needs (loadSignalFile); these are 4.2-5 MB.
let dir = "";
const cases: { name: string; format: number; file: string; digital: Int32Array[]; n: number }[] = [];
const SPF = [1, 2, 1];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ecgkit-large-"));
  let seed = 7;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) | 0) >>> 8) / 2 ** 24;
  for (const [format, file] of [[16, "dat"], [212, "dat"], [310, "dat"], [311, "dat"], [24, "dat"], [80, "dat"], [16, "mat"]] as const) {
    const info = FORMATS[format]!;
    const n = Math.ceil((4.3e6 * 8) / (info.bits * 4)) + 1;
    const name = `big${format}${file}`;
    const specs: SignalSpec[] = SPF.map((spf, i) => ({
      fileName: `${name}.${file}`, format, samplesPerFrame: spf, skew: 0, byteOffset: file === "mat" ? 24 : 0, adcGain: 100, baseline: 0,
      units: "mV", adcResolution: info.bits, adcZero: 0, initialValue: 0, checksum: undefined, blockSize: 0, description: `s${i}`,
    }));
    const digital = specs.map((s) => Int32Array.from({ length: n * s.samplesPerFrame }, () => info.invalid + Math.floor(rand() * -2 * info.invalid)));
    const header: WfdbHeader = { recordName: name, nSignals: 3, samplingFrequencyHz: 500, nSamples: n, signals: specs, comments: [] };
    const enc = encodeDigitalRecord(header, digital);
    expect(enc.signalFiles[0]!.data.length).toBeGreaterThan(4 << 20);
    await writeEncodedRecord(dir, enc);
    // The same file again, with signal 2 skewed by 3 frames.
    await writeFile(join(dir, `${name}skew.hea`), formatHeader({ ...enc.spec, recordName: `${name}skew`, signals: enc.spec.signals.map((s, i) => (i === 2 ? { ...s, skew: 3 } : s)) }));
    cases.push({ name, format, file, digital, n });
  }
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe("ranges of large files are read from the window they need", () => {
  it("equal the generated samples for any range, in every format, with skew and .mat", async () => {
    for (const c of cases) {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: c.n }), fc.integer({ min: 0, max: 2000 }), async (a, len) => {
          const b = Math.min(c.n, a + len);
          const rec = await readRecord(join(dir, c.name), { startSample: a, endSample: b, digital: true, expandFrames: true });
          SPF.forEach((spf, s) => expect(Array.from(rec.digital![s]!)).toEqual(Array.from(c.digital[s]!.subarray(a * spf, b * spf))));
          const skew = await readRecord(join(dir, `${c.name}skew`), { startSample: a, endSample: b, digital: true, signals: [2] });
          const want = Array.from({ length: b - a }, (_, t) => (a + t + 3 < c.n ? c.digital[2]![a + t + 3]! : FORMATS[c.format]!.invalid));
          expect(Array.from(skew.digital![0]!)).toEqual(want);
        }),
        { numRuns: 15, examples: [[0, 10], [c.n - 5, 10], [c.n - 1, 1]] },
      );
    }
  });

  it("verifies checksums of a whole large record and reports its length from the file size", async () => {
    const c = cases[1]!;
    const rec = await readRecord(join(dir, c.name));
    expect(rec.warnings).toEqual([]);
    expect(rec.nSamples).toBe(c.n);
  });
});
