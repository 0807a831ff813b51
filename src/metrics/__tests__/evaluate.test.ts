import { afterEach, describe, expect, it, vi } from "vitest";
import { run as runEvaluate } from "../../cli/evaluate.js";
import { WfdbFormatError } from "../../errors.js";
import { sharedPath } from "../../testdata.js";
import { einthovenResidual } from "../einthovenResidual.js";
import { evaluateFolders } from "../evaluateFolders.js";
import { loadSignalSet, parseSignalCsv } from "../loadSignalSet.js";
import { maskToLayout } from "../maskToLayout.js";
import { resampleSignal } from "../resampleSignal.js";

const LUDB = sharedPath("images", "ludb");

describe("signal files", () => {
  it("parses a CSV with empty and nan cells as NaN", () => {
    const s = parseSignalCsv("I,II\n0.5,\nnan,-1.25\n", "x.csv", 500);
    expect(s.names).toEqual(["I", "II"]);
    expect([...s.signals[0]!]).toEqual([0.5, NaN]);
    expect([...s.signals[1]!]).toEqual([NaN, -1.25]);
  });

  it("names the line and lead of a bad CSV cell", () => {
    expect(() => parseSignalCsv("I,II\n0.5,abc\n", "x.csv", 500)).toThrow(WfdbFormatError);
    expect(() => parseSignalCsv("I,II\n0.5,abc\n", "x.csv", 500)).toThrow(/x\.csv:2, field "II"/);
    expect(() => parseSignalCsv("1,2\n0.5,1\n", "x.csv", 500)).toThrow(/header row/);
  });

  it("reads the LUDB truth as 12 leads of 10 s at 500 Hz", async () => {
    const s = await loadSignalSet(`${LUDB}/ludb001.csv`);
    expect(s.names).toHaveLength(12);
    expect(s.signals[0]!.length).toBe(5000);
  });

  it("resamples 250 Hz to 500 Hz by linear interpolation", () => {
    expect([...resampleSignal(new Float64Array([0, 2, 4]), 250, 500)]).toEqual([0, 1, 2, 3, 4]);
    expect([...resampleSignal(new Float64Array([0, NaN, 4]), 250, 500)]).toEqual([0, NaN, NaN, NaN, 4]);
  });
});

describe("what a page shows", () => {
  it("masks a 3x4 + II page: I first quarter, V4 last quarter, II whole", () => {
    const set = { samplingFrequencyHz: 500, names: ["I", "II", "V4"], signals: [1, 2, 3].map((v) => new Float64Array(8).fill(v)) };
    const m = maskToLayout(set, "3x4+1");
    expect([...m.signals[0]!].map(Number.isFinite)).toEqual([true, true, false, false, false, false, false, false]);
    expect(m.signals[1]!.every(Number.isFinite)).toBe(true);
    expect([...m.signals[2]!].map(Number.isFinite)).toEqual([false, false, false, false, false, false, true, true]);
  });

  it("gives an Einthoven residual of 0 when II = I + III (offsets ignored) and about 1 when II is unrelated", () => {
    const n = 500;
    const i = new Float64Array(n).map((_, t) => Math.sin(t / 9));
    const iii = new Float64Array(n).map((_, t) => 0.5 * Math.cos(t / 4));
    const ii = i.map((v, t) => v + iii[t]! + 0.3);
    expect(einthovenResidual({ samplingFrequencyHz: 500, names: ["I", "II", "III"], signals: [i, ii, iii] })).toBeCloseTo(0, 12);
    const other = new Float64Array(n).map((_, t) => Math.sin(t / 2.3));
    expect(einthovenResidual({ samplingFrequencyHz: 500, names: ["I", "II", "III"], signals: [i, other, iii] })).toBeGreaterThan(0.8);
  });

  it("finds II = I + III in the truth of a shared cinc2021 render", async () => {
    const s = await loadSignalSet(sharedPath("images", "reference-renders", "clean", "E07500.hea"));
    expect(einthovenResidual(s)).toBeLessThan(0.1);
  });
});

describe("evaluateFolders / ecgkit evaluate", () => {
  afterEach(() => vi.restoreAllMocks());

  it("scores ECGMiner's LUDB output against the truth shown on the page, with full coverage", async () => {
    const r = await evaluateFolders(`${LUDB}/ludb001.csv`, `${LUDB}/ludb001.ecgminer.csv`, { refLayout: "3x4+1" });
    expect(r.records).toHaveLength(1);
    for (const l of r.records[0]!.score.leads) expect(l.score.coverage).toBeGreaterThan(0.95);
    expect(r.meanSnrDb).toBeGreaterThan(10);
    // The whole truth (not reduced to the page) leaves three quarters uncovered on 11 leads.
    const whole = await evaluateFolders(`${LUDB}/ludb001.csv`, `${LUDB}/ludb001.ecgminer.csv`);
    expect(whole.records[0]!.score.leads[0]!.score.coverage).toBeCloseTo(0.25, 2);
  });

  it("prints JSON with inf for a record scored against itself, and a missing estimate as 0 dB", async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((s) => (out.push(String(s)), true));
    const ref = sharedPath("images", "reference-renders", "clean", "E07500.hea");
    expect(await runEvaluate(["--ref", ref, "--est", ref, "--json"])).toBe(0);
    const json = JSON.parse(out.join(""));
    expect(json.records[0].score.leads[0].score.snrDb).toBe("inf");
    out.length = 0;
    expect(await runEvaluate(["--ref", `${LUDB}/ludb001.csv`, "--est", sharedPath("images", "real")])).toBe(0);
    expect(out.join("")).toMatch(/no estimate for this record/);
    expect(out.join("")).toMatch(/: 0\.00 dB/);
  });
});
