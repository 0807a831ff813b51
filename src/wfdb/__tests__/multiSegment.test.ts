import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRecord } from "../readRecord.js";
import { writeRecord } from "../writeRecord.js";

let dir = "";
const ramp = (n: number, a: number) => Float64Array.from({ length: n }, (_, i) => a + i / 100);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ecgkit-ms-"));
  // Segment 1 has I and II; then a 50-sample gap; segment 2 has V1 and I (other order, other gains).
  await writeRecord(dir, { name: "v_1", samplingFrequencyHz: 250, signals: [{ name: "I", physical: ramp(100, 0) }, { name: "II", physical: ramp(100, 1), adcGain: 1000 }] });
  await writeRecord(dir, { name: "v_2", samplingFrequencyHz: 250, signals: [{ name: "V1", physical: ramp(80, -1), adcGain: 400 }, { name: "I", physical: ramp(80, 5), adcGain: 400 }] });
  await writeFile(join(dir, "v_layout.hea"), "v_layout 3 250 0\n~ 0 200(0)/mV 16 0 0 0 0 I\n~ 0 200(0)/mV 16 0 0 0 0 II\n~ 0 200(0)/mV 16 0 0 0 0 V1\n");
  await writeFile(join(dir, "v.hea"), "v/4 3 250 230\nv_layout 0\nv_1 100\n~ 50\nv_2 80\n");
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe("multi-segment record, variable layout", () => {
  it("maps segment signals to the layout by name; gaps and missing signals read as NaN", async () => {
    const rec = await readRecord(join(dir, "v"), { digital: true });
    expect(rec.signalNames).toEqual(["I", "II", "V1"]);
    expect(rec.nSamples).toBe(230);
    const [I, II, V1] = rec.physical as [Float64Array, Float64Array, Float64Array];
    expect(I[10]).toBeCloseTo(0.1, 2);
    expect(II[10]).toBeCloseTo(1.1, 3);
    expect(V1[10]).toBeNaN(); // segment 1 has no V1
    for (let t = 100; t < 150; t++) expect([I[t], II[t], V1[t]].every(Number.isNaN)).toBe(true); // the "~" gap
    expect(I[160]).toBeCloseTo(5.1, 2);
    expect(V1[160]).toBeCloseTo(-0.9, 2);
    expect(II[160]).toBeNaN();
    // Digital values are in the layout's gain (200/mV) whatever the segment's gain was.
    expect(rec.digital![0]![160]).toBe(Math.round(5.1 * 200));
    expect(rec.digital![2]![10]).toBe(-32768);
  });

  it("reads a range across segments and gap, and a signal subset", async () => {
    const part = await readRecord(join(dir, "v"), { startSample: 95, endSample: 155, signals: ["V1", "I"] });
    const full = await readRecord(join(dir, "v"));
    expect(Array.from(part.physical[0]!)).toEqual(Array.from(full.physical[2]!.subarray(95, 155)));
    expect(Array.from(part.physical[1]!)).toEqual(Array.from(full.physical[0]!.subarray(95, 155)));
  });
});
