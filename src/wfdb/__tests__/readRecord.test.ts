import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OptionError } from "../../errors.js";
import { sharedPath } from "../../testdata.js";
import { readRecord } from "../readRecord.js";
import { goldenRows, wfdbData } from "./goldenText.js";

describe("readRecord", () => {
  it("reads a CinC 2021 record (WFDB header over a MATLAB v4 .mat, format 16 + 24-byte offset)", async () => {
    const rec = await readRecord(wfdbData("cinc2021", "E07500.hea"), { digital: true });
    expect(rec.nSamples).toBe(5000);
    expect(rec.samplingFrequencyHz).toBe(500);
    expect(rec.signalNames).toEqual(["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"]);
    expect(rec.units.every((u) => u === "mV")).toBe(true);
    expect(rec.warnings).toEqual([]); // every checksum matches
    rec.header.signals.forEach((s, i) => expect(rec.digital![i]![0]).toBe(s.initialValue));
    expect(rec.physical[0]![0]).toBeCloseTo(-0.068, 12);
    expect(rec.header.comments[0]).toBe("Age: 78");
  });

  it("agrees with the record the Python ECG-Image-Kit wrote from the same .mat, on every sample it kept", async () => {
    for (const name of ["E07500", "HR06000", "JS20001"]) {
      const mat = await readRecord(wfdbData("cinc2021", name), { digital: true });
      const render = await readRecord(sharedPath("images", "reference-renders", "clean", name), { digital: true });
      // That writer left checksums at 0: the mismatch must be reported, never silent.
      expect(render.warnings.some((w) => w.includes("checksum mismatch"))).toBe(true);
      let kept = 0;
      for (let s = 0; s < 12; s++) {
        const r = render.digital![s]!;
        for (let t = 0; t < r.length; t++) {
          if (r[t] === -32768) continue;
          expect(r[t]).toBe(mat.digital![s]![t]);
          kept++;
        }
        expect(Number.isNaN(render.physical[s]![render.digital![s]!.indexOf(-32768)] ?? NaN)).toBe(true);
      }
      expect(kept).toBeGreaterThan(5000);
    }
  });

  it("reproduces 100s.expected (first frames of 100s, digital)", async () => {
    const expected = goldenRows("100s.expected").map((r) => Number(r[0]));
    const rec = await readRecord(wfdbData("100s"), { digital: true, endSample: expected.length / 2 });
    const flat = Array.from({ length: expected.length }, (_, i) => rec.digital![i % 2]![i >> 1]);
    expect(flat).toEqual(expected);
    expect(readFileSync(wfdbData("100s.hea"), "utf8")).toContain("100s 2 360 21600");
  });

  it("a sample range and a signal subset equal the slice of a full read, for every format", async () => {
    const full = await readRecord(wfdbData("binformats"), { digital: true });
    for (const [a, b] of [[0, 1], [1, 2], [3, 100], [7, 499], [250, 251], [498, 499]] as const) {
      const part = await readRecord(wfdbData("binformats"), { digital: true, startSample: a, endSample: b, signals: [9, 5, 0, 7, 6] });
      expect(part.startSample).toBe(a);
      expect(part.nSamples).toBe(b - a);
      [9, 5, 0, 7, 6].forEach((s, k) => expect(Array.from(part.digital![k]!)).toEqual(Array.from(full.digital![s]!.subarray(a, b))));
    }
  });

  it("selects signals by name and fills the sample count from the file when the header omits it", async () => {
    const named = await readRecord(wfdbData("a103l-no-len"), { signals: ["PLETH", "II"] });
    const full = await readRecord(wfdbData("a103l"));
    expect(named.nSamples).toBe(82500);
    expect(named.signalNames).toEqual(["PLETH", "II"]);
    expect(named.units).toEqual(["NU", "mV"]);
    expect(named.physical[0]).toEqual(full.physical[2]);
  });

  it("rejects an unknown signal name or an out-of-range sample with an OptionError", async () => {
    await expect(readRecord(wfdbData("100"), { signals: ["V1"] })).rejects.toThrow(OptionError);
    await expect(readRecord(wfdbData("100"), { signals: ["V1"] })).rejects.toThrow(/expected a signal name of "MLII", "V5", got "V1"/);
    await expect(readRecord(wfdbData("100s"), { startSample: 10, endSample: 30000 })).rejects.toThrow(`option "endSample": expected a sample range within 0..21600 (${wfdbData("100s.hea")}), found 10..30000`);
  });

  it("reads a multi-segment record with a fixed layout across the segment boundary", async () => {
    const rec = await readRecord(wfdbData("multi-segment", "041s", "041s"), { startSample: 990, endSample: 1010 });
    const s1 = await readRecord(wfdbData("multi-segment", "041s", "041s01"), { startSample: 990 });
    const s2 = await readRecord(wfdbData("multi-segment", "041s", "041s02"), { endSample: 10 });
    expect(rec.nSamples).toBe(20);
    expect(rec.signalNames).toEqual(s1.signalNames);
    for (let s = 0; s < 7; s++) {
      expect(Array.from(rec.physical[s]!.subarray(0, 10))).toEqual(Array.from(s1.physical[s]!));
      expect(Array.from(rec.physical[s]!.subarray(10))).toEqual(Array.from(s2.physical[s]!));
    }
  });
});

describe("readRecord's physical-only path", () => {
  it("gives the same values as converting the digital samples (NaN, skew, 212, 8, FLAC, .mat)", async () => {
    const records = ["binformats", "100skew", "flacformats", "a103l", "test01_00s_skew", "03700181"];
    for (const r of [...records.map((n) => wfdbData(n)), sharedPath("images", "reference-renders", "varied", "HR06001")]) {
      const range = r.endsWith("100skew") ? { endSample: 5000 } : {};
      const fast = await readRecord(r, range);
      const slow = await readRecord(r, { ...range, digital: true });
      expect(fast.physical.map((p) => Array.from(p))).toEqual(slow.physical.map((p) => Array.from(p)));
    }
  });
});

describe("readRecord toMillivolts", () => {
  it("converts uV signals to mV and leaves other units alone", async () => {
    const uv = await readRecord(wfdbData("a01"), { endSample: 100 });
    const mv = await readRecord(wfdbData("a01"), { endSample: 100, toMillivolts: true });
    expect(uv.units[0]).toBe("uV");
    expect(mv.units[0]).toBe("mV");
    expect(mv.physical[0]![7]).toBeCloseTo(uv.physical[0]![7]! / 1000, 12);
    const nu = await readRecord(wfdbData("a103l"), { endSample: 10, toMillivolts: true });
    expect(nu.units).toEqual(["mV", "mV", "NU"]);
  });
});
