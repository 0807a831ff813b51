import { copyFile, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../cli/digitize.js";
import { sharedPath } from "../../testdata.js";
import { readRecord } from "../../wfdb/readRecord.js";

describe("ecgkit digitize", () => {
  it("digitizes a folder, writes record, report and overlay, and reports a bad file without stopping", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ecgkit-dz-"));
    const inDir = join(dir, "in");
    const outDir = join(dir, "out");
    await import("node:fs/promises").then((fs) => fs.mkdir(inDir));
    await copyFile(sharedPath("images", "reference-renders", "varied", "HR06001-0.png"), join(inDir, "a.png"));
    await writeFile(join(inDir, "b.png"), "not an image");
    const code = await run([inDir, "-o", outDir, "--overlay", "--workers", "1", "--quiet", "--fs", "250"]);
    expect(code).toBe(1);
    const rec = await readRecord(join(outDir, "a"));
    expect(rec.signalNames).toEqual(["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"]);
    expect(rec.samplingFrequencyHz).toBe(250);
    expect(rec.nSamples).toBe(2500);
    expect(rec.units.every((u) => u === "mV")).toBe(true);
    // II (rhythm strip) is shown for the whole 10 s; aVR only in the second quarter.
    const shown = (k: number) => rec.physical[k]!.filter(Number.isFinite).length;
    expect(shown(1)).toBe(2500);
    expect(shown(3)).toBeGreaterThan(600);
    expect(shown(3)).toBeLessThanOrEqual(625);
    const report = JSON.parse(await readFile(join(outDir, "a.json"), "utf8"));
    expect(report.layout).toBe("3x4+1");
    expect(report.pxPerMmX).toBeCloseTo(14.37 / 5, 2);
    expect((await readFile(join(outDir, "a-overlay.png"))).subarray(1, 4).toString()).toBe("PNG");
  }, 60_000);

  it("prints help and rejects missing arguments", async () => {
    expect(await run(["--help"])).toBe(0);
    await expect(run(["x.png"])).rejects.toThrow(/-o DIR/);
  });
});
