import fc from "fast-check";
import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { OptionError, WfdbFormatError } from "../../errors.js";
import { parseAnnotations } from "../parseAnnotations.js";
import { parseHeader } from "../parseHeader.js";
import { readMatHeader } from "../readMatHeader.js";
import { readRecord } from "../readRecord.js";
import { wfdbData } from "./goldenText.js";

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
const line = fc.tuple(fc.array(token, { maxLength: 11 }), fc.constantFrom(" ", "\t", "  ")).map(([t, sep]) => t.join(sep));

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

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe("any well-formed header over a real signal file reads or fails cleanly (fast-check)", () => {
  it("formats, samples per frame, skews, byte offsets, lengths and ranges in any combination", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ecgkit-fuzz-"));
    dirs.push(dir);
    await copyFile(wfdbData("100s.dat"), join(dir, "s.dat"));
    await copyFile(wfdbData("cinc2021", "E07500.mat"), join(dir, "s.mat"));
    const sig = fc.record({
      format: fc.oneof({ arbitrary: fc.constantFrom(8, 16, 24, 32, 61, 80, 160, 212, 310, 311), weight: 9 }, { arbitrary: fc.constantFrom(0, 516), weight: 1 }),
      spf: fc.integer({ min: 1, max: 3 }),
      skew: fc.integer({ min: 0, max: 5 }),
      offset: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 70000 })),
    });
    let run = 0;
    let read = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(sig, { minLength: 1, maxLength: 3 }),
        fc.oneof({ arbitrary: fc.constant("s.dat"), weight: 4 }, { arbitrary: fc.constant("s.mat"), weight: 1 }),
        fc.option(fc.integer({ min: 0, max: 40000 }), { freq: 2 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 6000 }),
        async (signals, file, nSamples, a, b) => {
          const name = `f${run++}`;
          const lines = signals.map((s) => `${file} ${s.format}x${s.spf}:${s.skew}+${signals[0]!.offset} 200(3)/mV 12 0 0 0 0 sig`);
          await writeFile(join(dir, `${name}.hea`), `${name} ${signals.length} 360 ${nSamples ?? ""}\n${lines.join("\n")}\n`);
          try {
            const rec = await readRecord(join(dir, name), { startSample: Math.min(a, b), endSample: Math.max(a, b), digital: a % 2 === 0 });
            expect(rec.nSamples).toBe(Math.max(a, b) - Math.min(a, b));
            read++;
          } catch (err) {
            if (!(err instanceof WfdbFormatError || err instanceof OptionError)) throw err;
          }
        },
      ),
      { numRuns: 300 },
    );
    expect(read).toBeGreaterThan(30); // the property explored records that read, not only errors
  });
});
