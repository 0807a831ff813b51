/**
 * Generator speed on the shared cinc2021 records (12 leads, 500 Hz, 10 s) at 200 dpi, letter,
 * 3x4 + II rhythm strip, PNG written with all ground truth (JSON, masks, YOLO, WFDB).
 * Baseline in the same run: the same page drawn the usual way on a Skia canvas (@napi-rs/canvas
 * paths for grid and traces, pixels read back, canvas PNG encoder), without any ground truth.
 */
import { mkdir, mkdtemp, readdir, rm, symlink } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { createCanvas } from "@napi-rs/canvas";
import { applyArtifacts } from "../artifacts/applyArtifacts.js";
import { generateImages } from "../render/generateImages.js";
import { renderPage } from "../render/renderPage.js";
import { encodePagePng, writePageOutputs } from "../render/writePageOutputs.js";
import type { PageAnnotation } from "../render/types.js";
import { sharedPath } from "../testdata.js";
import { Rng } from "../util/rng.js";
import { readRecord } from "../wfdb/readRecord.js";
import type { WfdbRecord } from "../wfdb/types.js";
import type { BenchRow } from "./benchRow.js";
import { median } from "../util/median.js";

const DIR = sharedPath("wfdb", "cinc2021");

function skiaBaseline(record: WfdbRecord, ann: PageAnnotation): Buffer {
  const { width: W, height: H } = ann;
  const ppm = ann.resolution / 25.4;
  const c = createCanvas(W, H);
  const g = c.getContext("2d");
  g.fillStyle = "#fff";
  g.fillRect(0, 0, W, H);
  for (const [step, colour, lw] of [[ppm, "#f8bebe", 0.1 * ppm], [5 * ppm, "#e63c3c", 0.2 * ppm]] as const) {
    g.strokeStyle = colour;
    g.lineWidth = lw;
    g.beginPath();
    for (let x = 0; x < W; x += step) (g.moveTo(x, 0), g.lineTo(x, H));
    for (let y = 0; y < H; y += step) (g.moveTo(0, y), g.lineTo(W, y));
    g.stroke();
  }
  g.strokeStyle = "#101010";
  g.lineWidth = 0.25 * ppm;
  for (const lead of ann.leads) {
    g.beginPath();
    lead.plotted_pixels.forEach(([y, x], i) => (i ? g.lineTo(x, y) : g.moveTo(x, y)));
    g.stroke();
  }
  void c.data();
  return c.encodeSync("png");
}

/** Wall time, s. */
async function time<T>(fn: () => Promise<T> | T): Promise<[number, T]> {
  const t = performance.now();
  const v = await fn();
  return [(performance.now() - t) / 1000, v];
}

/** CPU time of the whole process (all threads, sharp's pool included), s: on a shared machine this is the honest cost per core. */
async function cpuTime<T>(fn: () => Promise<T> | T): Promise<[number, T]> {
  const c = process.cpuUsage();
  const v = await fn();
  const d = process.cpuUsage(c);
  return [(d.user + d.system) / 1e6, v];
}

export async function benchRender(): Promise<BenchRow[]> {
  const names = (await readdir(DIR)).filter((f) => f.endsWith(".hea")).sort();
  const records = await Promise.all(names.map((n) => readRecord(join(DIR, n))));
  const out = await mkdtemp(join(tmpdir(), "ecgkit-bench-render-"));
  const full: number[] = [];
  const fullCpu: number[] = [];
  const altCpu: number[] = [];
  const renderOnly: number[] = [];
  const renderCpu: number[] = [];
  const baseline: number[] = [];
  const png: Record<string, number[]> = { ours1: [], sharp1: [], sharp6: [], canvas: [] };
  const pngBytes: Record<string, number> = {};
  try {
    // Ours first, then the baseline and the encoders, so their garbage does not land in our figures.
    // Two passes over the records (the first two pages are warm-up and not counted). Each page is made
    // twice, with the default PNG encoder (sharp) and with ecgkit's own (pngEncoder "ecgkit"), in
    // alternating order, so the load of the shared machine falls on both alike.
    const onePage = async (rec: WfdbRecord, k: number, pngEncoder: "ecgkit" | "sharp") => {
      const rng = new Rng(k);
      const t0 = performance.now();
      const [cpu, [rc, [tr]]] = await cpuTime(async () => {
        const rendered = await cpuTime(() => time(() => renderPage(rec, {}, rng.fork("render"))));
        const p = await applyArtifacts(rendered[1][1], { preset: "clean" }, rng.fork("artifacts"));
        await writePageOutputs(join(out, pngEncoder), `${rec.name}-0`, p, rec, { pngEncoder });
        return rendered;
      });
      return { cpu, rc, tr, tw: (performance.now() - t0) / 1000 };
    };
    for (let k = -2; k < 2 * records.length; k++) {
      const rec = records[Math.max(0, k) % records.length]!;
      const first = k % 2 === 0 ? "sharp" : "ecgkit";
      const a = await onePage(rec, k, first);
      const b = await onePage(rec, k, first === "sharp" ? "ecgkit" : "sharp");
      if (k < 0) continue;
      const [ours, alt] = first === "sharp" ? [a, b] : [b, a];
      renderOnly.push(ours.tr);
      renderCpu.push(ours.rc);
      full.push(ours.tw);
      fullCpu.push(ours.cpu);
      altCpu.push(alt.cpu);
    }
    // Pages are rendered again here rather than kept: holding 6 pages (~130 MB) slows the GC in the loop above.
    for (const rec of records.slice(0, 6)) {
      const page = await renderPage(rec, {}, new Rng(0));
      baseline.push((await time(() => skiaBaseline(rec, page.annotation)))[0]);
      for (const [key, level, encoder] of [["ours1", 1, "ecgkit"], ["sharp1", 1, "sharp"], ["sharp6", 6, "sharp"]] as const) {
        const [c, bytes] = await cpuTime(() => encodePagePng(page.image, level, encoder));
        png[key]!.push(c);
        pngBytes[key] = bytes.length;
      }
      const c = createCanvas(page.image.width, page.image.height);
      const ctx = c.getContext("2d");
      const id = ctx.createImageData(page.image.width, page.image.height);
      id.data.set(page.image.data);
      ctx.putImageData(id, 0, 0);
      png.canvas!.push((await cpuTime(() => c.encodeSync("png")))[0]);
    }
    const workers = availableParallelism();
    // 3 copies of the folder (symlinks), so worker start-up and warm-up weigh little.
    const input = join(out, "input");
    for (let copy = 0; copy < 3; copy++) {
      await mkdir(join(input, `c${copy}`), { recursive: true });
      for (const f of await readdir(DIR)) await symlink(join(DIR, f), join(input, `c${copy}`, f));
    }
    // 1 worker, all workers, 1 worker again: the two 1-worker runs bracket the load change over time.
    const [cOne, [tOne, summaryOne]] = await cpuTime(() => time(() => generateImages(input, join(out, "one"), { workers: 1, seed: 1 })));
    const [cAll, [tAll, summary]] = await cpuTime(() => time(() => generateImages(input, join(out, "pool"), { workers, seed: 1 })));
    const [cOne2, [tOne2]] = await cpuTime(() => time(() => generateImages(input, join(out, "one2"), { workers: 1, seed: 1 })));
    const load = (await import("node:os")).loadavg()[0]!;
    const m = median(full);
    const mc = median(fullCpu);
    const b = median(baseline);
    const n = full.length;
    const mb = median(altCpu);
    const mb2 = (k: string) => ((pngBytes[k] ?? 0) / 1e6).toFixed(2);
    const rate1 = summaryOne.images / tOne;
    const rate1b = summaryOne.images / tOne2;
    return [
      { area: "render", name: "page, 1 thread: render + artifacts(clean) + all files written, CPU", median: mc, unit: "cpu-s/image", runs: n, note: `min ${Math.min(...fullCpu).toFixed(3)}; with pngEncoder "ecgkit", same run: ${mb.toFixed(3)} = ${(mb / mc).toFixed(2)}x; ECG-Image-Kit ~1.2 s = ${(1.2 / mc).toFixed(1)}x; target <= 0.10; load average ${load.toFixed(1)} on ${availableParallelism()} cores` },
      { area: "render", name: "page, 1 thread: same, wall", median: m, unit: "s/image", runs: n, note: `min ${Math.min(...full).toFixed(3)}; ${(1 / m).toFixed(1)} images/s; Skia baseline ${b.toFixed(3)} s = ${(b / m).toFixed(2)}x ours` },
      { area: "render", name: "renderPage only (pixels, mask, annotation), CPU", median: median(renderCpu), unit: "cpu-s/image", runs: n, note: `wall ${median(renderOnly).toFixed(3)} s` },
      { area: "render", name: "baseline: Skia canvas page + read-back + canvas PNG, no ground truth", median: b, unit: "s/image", runs: baseline.length },
      { area: "render", name: "PNG encode of a page, sharp zlib level 1 (default), CPU", median: median(png.sharp1!), unit: "cpu-s/image", runs: png.sharp1!.length, note: `${mb2("sharp1")} MB; ecgkit RGB/Up level 1: ${median(png.ours1!).toFixed(3)} s ${mb2("ours1")} MB; sharp level 6: ${median(png.sharp6!).toFixed(3)} s ${mb2("sharp6")} MB; Skia canvas encoder: ${median(png.canvas!).toFixed(3)} s` },
      { area: "render", name: `generate pipeline, 1 worker, ${summaryOne.images} images`, median: rate1, unit: "images/s", runs: 2, note: `second 1-worker run after the ${workers}-worker one: ${rate1b.toFixed(2)} images/s; ${(cOne / summaryOne.images).toFixed(3)} / ${(cOne2 / summaryOne.images).toFixed(3)} cpu-s/image (incl. reading records)` },
      { area: "render", name: `generate pipeline, ${workers} workers, ${summary.images} images`, median: summary.images / tAll, unit: "images/s", runs: 1, note: `${((summary.images / tAll) / ((rate1 + rate1b) / 2)).toFixed(2)}x the mean 1-worker rate; ${(cAll / summary.images).toFixed(3)} cpu-s/image` },
    ];
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
