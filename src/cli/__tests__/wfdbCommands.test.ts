import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { sharedPath } from "../../testdata.js";
import { readRecord } from "../../wfdb/readRecord.js";
import { main } from "../main.js";

const wfdb = (...p: string[]) => sharedPath("wfdb", ...p);
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** Runs the CLI in-process, capturing what it prints. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    return { code: await main(argv), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe("ecgkit info", () => {
  it("prints a table of signals with checksum status", async () => {
    const r = await cli("info", wfdb("100.hea"));
    expect(r.code).toBe(0);
    expect(r.out).toContain("record 100: 2 signals, 360 Hz, 650000 samples (1805.556 s)");
    const rows = r.out.split("\n").filter((l) => /^\d+ /.test(l)).map((l) => l.split(/\s+/));
    expect(rows).toEqual([
      ["0", "MLII", "212", "200", "1024", "mV", "360", "650000", "ok", "100.dat"],
      ["1", "V5", "212", "200", "1024", "mV", "360", "650000", "ok", "100.dat"],
    ]);
    expect(r.out).toContain("# 69 M 1085 1629 x1");
  });

  it("reports a checksum mismatch in the table and as a warning", async () => {
    const r = await cli("info", sharedPath("images", "reference-renders", "clean", "E07500"));
    expect(r.out.split("\n").filter((l) => l.includes("mismatch  E07500.dat")).length).toBe(12);
    expect(r.out).toContain("warning: ");
  });

  it("--json, --help, and errors with exit codes", async () => {
    const j = JSON.parse((await cli("info", wfdb("a103l"), "--json")).out);
    expect(j.record.recordName).toBe("a103l");
    expect(j.signals.map((s: { units: string }) => s.units)).toEqual(["mV", "mV", "NU"]);
    expect((await cli("info", "--help")).out).toMatch(/^Usage: ecgkit info RECORD/);
    const missing = await cli("info", wfdb("nope"));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain(`ecgkit info: ${wfdb("nope.hea")}: expected a readable WFDB header file, found no such file`);
    expect((await cli("info")).code).toBe(2);
  });
});

describe("ecgkit convert", () => {
  it("--to csv: time and physical columns, a range and a signal subset", async () => {
    const r = await cli("convert", wfdb("100"), "--to", "csv", "--start", "360", "--end", "363", "--signals", "V5,0");
    expect(r.code).toBe(0);
    const rec = await readRecord(wfdb("100"), { startSample: 360, endSample: 363, signals: [1, 0] });
    const want = ["time_s,V5 (mV),MLII (mV)", ...[0, 1, 2].map((t) => `${(360 + t) / 360},${rec.physical[0]![t]},${rec.physical[1]![t]}`)];
    expect(r.out).toBe(want.join("\n") + "\n");
  });

  it("--start/--end in seconds select the same samples as rdsamp -f/-t", async () => {
    const bySample = await cli("convert", wfdb("100"), "--to", "csv", "--start", "1", "--end", "10800", "--signals", "1");
    const byTime = await cli("convert", wfdb("100"), "--to", "csv", "--start", "0.002s", "--end", "30s", "--signals", "1");
    expect(byTime.out).toBe(bySample.out);
    expect(byTime.out.trim().split("\n").length).toBe(1 + 10799); // golden record-2b's row count
  });

  it("--to json to a file, NaN as null", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ecgkit-cli-"));
    dirs.push(dir);
    const file = join(dir, "r.json");
    const r = await cli("convert", sharedPath("images", "reference-renders", "clean", "E07500"), "--to", "json", "-o", file, "--signals", "aVR");
    expect(r.code).toBe(0);
    const j = JSON.parse(await readFile(file, "utf8"));
    expect(j.signals[0].name).toBe("aVR");
    expect(j.signals[0].physical[0]).toBeNull(); // the image did not show aVR here
    expect(j.signals[0].physical.length).toBe(5000);
  });

  it("--to wfdb --format 212 and back to 16 is lossless for 12-bit data", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ecgkit-cli-"));
    dirs.push(dir);
    expect((await cli("convert", wfdb("100s"), "--to", "wfdb", "--format", "16", "-o", dir, "--name", "as16")).code).toBe(0);
    expect((await cli("convert", join(dir, "as16"), "--to", "wfdb", "--format", "212", "-o", dir, "--name", "back")).code).toBe(0);
    expect(Buffer.compare(await readFile(join(dir, "back.dat")), await readFile(wfdb("100s.dat")))).toBe(0);
    const again = await readRecord(join(dir, "as16"), { digital: true });
    expect(again.warnings).toEqual([]);
    expect(again.header.signals[0]!.format).toBe(16);
  });

  it("--to wfdb into a narrower format re-chooses gains and says so", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ecgkit-cli-"));
    dirs.push(dir);
    const r = await cli("convert", wfdb("test01_00s"), "--to", "wfdb", "--format", "80", "-o", dir);
    expect(r.code).toBe(0);
    expect(r.err).toContain("warning: the digital values do not all fit format 80");
    const src = await readRecord(wfdb("test01_00s"));
    const out = await readRecord(join(dir, "test01_00s"));
    const gain = out.header.signals[0]!.adcGain;
    for (let t = 0; t < src.nSamples; t++) expect(Math.abs(out.physical[0]![t]! - src.physical[0]![t]!)).toBeLessThanOrEqual(0.5 / gain + 1e-9);
  });

  it("rejects a bad --to or --format with exit code 1 and the option's name", async () => {
    const r = await cli("convert", wfdb("100s"), "--to", "xml");
    expect(r.code).toBe(1);
    expect(r.err).toContain('option "--to": expected one of csv, json, wfdb, got "xml"');
    expect((await cli("convert", wfdb("100s"), "--to", "wfdb", "-o", "/tmp/x", "--format", "508")).err).toContain('option "--format": expected one of 8, 16');
  });
});
