import { describe, expect, it } from "vitest";
import { formatHeader } from "../formatHeader.js";
import { parseHeader } from "../parseHeader.js";

describe("parseHeader", () => {
  it("reads every record-line field: counter frequency with base, base time with fractions, base date", () => {
    const h = parseHeader("rec\t3  500.5/1000(-12.5)\t 7000   12:03:04.125 \t 31/12/1999\n" + "r.dat 16 100 16 0 0 0 0 a\n".repeat(3), "r.hea");
    expect(h).toMatchObject({
      recordName: "rec",
      nSignals: 3,
      samplingFrequencyHz: 500.5,
      counterFrequencyHz: 1000,
      baseCounter: -12.5,
      nSamples: 7000,
      baseTime: "12:03:04.125",
      baseDate: "31/12/1999",
    });
  });

  it("fills WFDB's defaults for missing fields", () => {
    const h = parseHeader("bare 1\nbare.dat 212\n", "bare.hea");
    expect(h.samplingFrequencyHz).toBe(250);
    expect(h.nSamples).toBeUndefined();
    expect(h.signals[0]).toEqual({
      fileName: "bare.dat", format: 212, samplesPerFrame: 1, skew: 0, byteOffset: 0, adcGain: 200, uncalibrated: true, baseline: 0,
      units: "mV", adcResolution: 12, adcZero: 0, initialValue: 0, checksum: undefined, blockSize: 0, description: "",
    });
    // Baseline defaults to the ADC zero; the initial value too.
    const z = parseHeader("z 1 360\nz.dat 16 400 12 1024\n", "z.hea").signals[0]!;
    expect([z.baseline, z.initialValue, z.adcZero, z.uncalibrated]).toEqual([1024, 1024, 1024, undefined]);
  });

  it("reads gains in scientific notation, fractional gains, wide baselines and any unit spelling", () => {
    const h = parseHeader(
      [
        "g 5 200",
        "g.dat 16 1.052e+04/mV 16 0 9127 -301 0 V",
        "g.dat 16 38777.46675997201(-199006)/mv 16 0 -8918 24065 0 I",
        "g.dat 16 0(5)/NU 16 0 1 2 0 PLETH",
        "g.dat 16x4:2+30 2.5E3(70000)/uV 16 0 1 2 0 EEG Fp1-F3  left",
        "g.dat 16 10/degrees_C 16 0 1 2 0",
      ].join("\n"),
      "g.hea",
    );
    expect(h.signals.map((s) => [s.adcGain, s.baseline, s.units])).toEqual([
      [10520, 0, "mV"],
      [38777.46675997201, -199006, "mv"],
      [200, 5, "NU"],
      [2500, 70000, "uV"],
      [10, 0, "degrees_C"],
    ]);
    expect(h.signals[2]!.uncalibrated).toBe(true);
    expect(h.signals[3]).toMatchObject({ samplesPerFrame: 4, skew: 2, byteOffset: 30, description: "EEG Fp1-F3  left" });
    expect(h.signals[4]!.description).toBe("");
  });

  it("keeps comments (info strings) in order, wherever they are", () => {
    const h = parseHeader("# before\nc 1 360 10\n#Age: 59\nc.dat 16 200 16 0 0 0 0 I\n\n#  Sex: F  \n", "c.hea");
    expect(h.comments).toEqual(["before", "Age: 59", "Sex: F"]);
  });

  it("reads multi-segment headers (segments, gaps, layout) and writes them back", () => {
    const text = "m/4 2 250 300 8:00:00 01/02/2003\nm_layout 0\nm_1 100\n~ 100\nm_2 100\n";
    const h = parseHeader(text, "m.hea");
    expect(h.segments).toEqual([{ name: "m_layout", nSamples: 0 }, { name: "m_1", nSamples: 100 }, { name: "~", nSamples: 100 }, { name: "m_2", nSamples: 100 }]);
    expect(h.signals).toEqual([]);
    expect(formatHeader(h)).toBe(text);
  });

  it("formatHeader writes what parseHeader reads", () => {
    const text = "a 2 360/720(3) 10 10:00:00.5\na.dat 212x2:1 200(1024)/mV 12 1024 995 -22131 0 ML II\na.dat 212 0(0)/NU 12 0 0 0 0\n#x\n";
    const h = parseHeader(text, "a.hea");
    expect(formatHeader(h)).toBe(text);
  });
});
