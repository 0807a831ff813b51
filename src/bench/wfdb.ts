import { readdirSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname } from "node:path";
import { sharedPath } from "../testdata.js";
import { averageFrames } from "../wfdb/averageFrames.js";
import { FORMATS } from "../wfdb/formats.js";
import { loadSignalFile, type LoadedSignalFile } from "../wfdb/loadSignalFile.js";
import { readFileGroup } from "../wfdb/readFileGroup.js";
import { readHeader } from "../wfdb/readHeader.js";
import { readRecord } from "../wfdb/readRecord.js";
import { signalFileGroups } from "../wfdb/signalFileGroups.js";
import { toPhysical } from "../wfdb/toPhysical.js";
import type { WfdbHeader } from "../wfdb/types.js";
import type { BenchRow } from "./benchRow.js";
import { median } from "../util/median.js";

interface Loaded {
  header: WfdbHeader;
  headerPath: string;
  files: LoadedSignalFile[];
  bytes: number;
}

async function load(path: string): Promise<Loaded> {
  const { header, headerPath } = await readHeader(path);
  const files = [];
  for (const g of signalFileGroups(header.signals, headerPath)) files.push(await loadSignalFile(dirname(headerPath), g, headerPath));
  return { header, headerPath, files, bytes: files.reduce((a, f) => a + f.size - header.signals[0]!.byteOffset, 0) };
}

/** What readRecord does after the file is in memory: decode every signal to physical Float64Arrays. */
function decodeToPhysical(r: Loaded): number {
  const groups = signalFileGroups(r.header.signals, r.headerPath);
  const n = r.header.nSamples!;
  let check = 0;
  groups.forEach((g, k) => {
    const f = r.files[k]!;
    const got = readFileGroup(g, r.header.signals, { stream: f.stream!, streamStart: 0, framesInFile: f.framesInFile, file: "", headerFile: "", startFrame: 0, endFrame: n, wanted: g.signals, physicalOnly: true });
    for (const s of g.signals) {
      const spec = r.header.signals[s]!;
      const inv = FORMATS[spec.format]!.invalid;
      const p = got.physical.get(s) ?? toPhysical(averageFrames(got.digital.get(s)!, spec.samplesPerFrame, inv), spec.adcGain, spec.baseline, inv);
      check += p[n >> 1]!;
    }
  });
  return check;
}

/** Baseline: the obvious DataView loop (format 16 only), decoding to the same physical arrays. */
function dataViewFormat16(r: Loaded): number {
  const f = r.files[0]!;
  const nsig = r.header.signals.length;
  const n = r.header.nSamples!;
  const view = new DataView(f.stream!.buffer, f.stream!.byteOffset);
  const out = r.header.signals.map(() => new Float64Array(n));
  for (let t = 0; t < n; t++) {
    for (let s = 0; s < nsig; s++) {
      const d = view.getInt16((t * nsig + s) * 2, true);
      const spec = r.header.signals[s]!;
      out[s]![t] = d === -32768 ? NaN : (d - spec.baseline) / spec.adcGain;
    }
  }
  return out[0]![n >> 1]!;
}

/** CPU seconds of this process (user + system): on a shared machine, what one core delivers. */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function timeRuns(runs: number, fn: () => void): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = cpuSeconds();
    fn();
    times.push(cpuSeconds() - t0);
  }
  return times;
}

async function timeRunsAsync(runs: number, fn: () => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = cpuSeconds();
    await fn();
    times.push(cpuSeconds() - t0);
  }
  return times;
}

function row(name: string, bytes: number, times: number[], note: string): BenchRow {
  return { area: "wfdb", name, median: bytes / 1e6 / median(times), unit: "MB/s", runs: times.length, note };
}

export async function benchWfdb(): Promise<BenchRow[]> {
  const cinc = readdirSync(sharedPath("wfdb", "cinc2021")).filter((f) => f.endsWith(".hea"));
  const records16 = await Promise.all(cinc.map((f) => load(sharedPath("wfdb", "cinc2021", f))));
  const bytes16 = records16.reduce((a, r) => a + r.bytes, 0);
  const rec100 = await load(sharedPath("wfdb", "100"));
  const runs = 15;
  // Warm up the JIT before timing.
  for (let i = 0; i < 3; i++) {
    records16.forEach(decodeToPhysical);
    records16.forEach(dataViewFormat16);
    decodeToPhysical(rec100);
  }
  const t16 = timeRuns(runs, () => records16.forEach(decodeToPhysical));
  const tDv = timeRuns(runs, () => records16.forEach(dataViewFormat16));
  const t212 = timeRuns(runs, () => decodeToPhysical(rec100));
  for (let i = 0; i < 3; i++) for (const f of cinc) await readRecord(sharedPath("wfdb", "cinc2021", f));
  const tFile16 = await timeRunsAsync(9, async () => {
    for (const f of cinc) await readRecord(sharedPath("wfdb", "cinc2021", f));
  });
  await readRecord(sharedPath("wfdb", "100"));
  const tFile212 = await timeRunsAsync(9, async () => void (await readRecord(sharedPath("wfdb", "100"))));
  const loadNote = `load average ${loadavg()[0]!.toFixed(1)}`;
  const dv = bytes16 / 1e6 / median(tDv);
  const r16 = row("decode format 16 -> physical (40 CinC 2021 records, 12 x 5000 @ 500 Hz)", bytes16, t16, "");
  r16.note = `${(r16.median / dv).toFixed(1)}x the DataView baseline; target >= 300 MB/s; CPU time; ${loadNote}`;
  return [
    r16,
    row("baseline: DataView getInt16 loop, same records", bytes16, tDv, "the obvious decoder, for the ratio"),
    row("decode format 212 -> physical (100.dat, 2 x 650000 @ 360 Hz)", rec100.bytes, t212, `target >= 100 MB/s; CPU time; ${loadNote}`),
    row("readRecord format 16 from disk (same 40 records)", bytes16, tFile16, "header parse + file read + checksums included (CPU time)"),
    row("readRecord format 212 from disk (100)", rec100.bytes, tFile212, "header parse + file read + checksums included (CPU time)"),
  ];
}
