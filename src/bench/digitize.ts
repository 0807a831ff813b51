import { applyArtifacts } from "../artifacts/applyArtifacts.js";
import { estimateGridMarginal } from "../digitize/grid/estimateGridMarginal.js";
import { digitizeImage } from "../digitize/digitizeImage.js";
import { imagePlanes } from "../digitize/imagePlanes.js";
import { rectifyPage } from "../digitize/page/rectifyPage.js";
import { renderPage } from "../render/renderPage.js";
import { sharedPath } from "../testdata.js";
import { readImage } from "../util/image.js";
import { median } from "../util/median.js";
import { Rng } from "../util/rng.js";
import { readRecord } from "../wfdb/readRecord.js";
import type { BenchRow } from "./benchRow.js";

interface Timing {
  cpu: number;
  wall: number;
}

/**
 * CPU seconds per 200-dpi page (2200 x 1700 px) on this thread: a straight scan (ECG-Image-Kit
 * clean render) and an ecgkit photo-preset page (the page `npm run eval -- photo` reads first),
 * each whole and the page rectification step alone. Baseline in the same run: imagePlanes of the
 * scan, which the digitizer computes whatever rectification does (rectifyPage hands it on when
 * the page needs no change). CPU time of this process, less distorted than wall time on a shared
 * machine; the wall-clock median is in the note.
 */
export async function benchDigitize(): Promise<BenchRow[]> {
  const runs = Number(process.env.ECGKIT_BENCH_RUNS ?? 5);
  const scan = await readImage(sharedPath("images", "reference-renders", "clean", "E07500-0.png"));
  const rng = new Rng("eval-photo-E07500.hea");
  const rendered = await renderPage(await readRecord(sharedPath("wfdb", "cinc2021", "E07500")), {}, rng.fork("render"));
  const photo = (await applyArtifacts(rendered, { preset: "photo" }, rng.fork("artifacts"))).image;
  // One item at a time: interleaving them let the digitizer's garbage be
  // collected inside the cheap steps' timings.
  const measure = async (work: () => unknown): Promise<Timing> => {
    for (let i = 0; i < 2; i++) await work(); // warm-up: let the JIT optimise first
    const cpu: number[] = [], wall: number[] = [];
    for (let i = 0; i < runs; i++) {
      const c = process.cpuUsage(), t = performance.now();
      await work();
      const used = process.cpuUsage(c);
      wall.push((performance.now() - t) / 1000);
      cpu.push((used.user + used.system) / 1e6);
    }
    return { cpu: median(cpu), wall: median(wall) };
  };
  const planes = await measure(() => imagePlanes(scan));
  const rectScan = await measure(() => rectifyPage(scan));
  const rectPhoto = await measure(() => rectifyPage(photo));
  const fullScan = await measure(() => digitizeImage(scan));
  const fullPhoto = await measure(() => digitizeImage(photo));
  const grid = await measure(() => estimateGridMarginal(scan));
  const row = (name: string, t: Timing, note: string): BenchRow =>
    ({ area: "digitize", name, median: t.cpu, unit: "cpu-s/image", runs, note: `${note}; wall ${t.wall.toFixed(3)} s` });
  const x = (t: { cpu: number }) => `x${(t.cpu / planes.cpu).toFixed(1)} baseline`;
  return [
    row("imagePlanes, straight scan", planes, "baseline (computed by the digitizer anyway)"),
    row("digitizeImage, straight 200-dpi scan", fullScan, "target <= 2 s; ECG-Image-Kit renders one in ~1.2 s"),
    row("digitizeImage, photo-preset page", fullPhoto, "target <= 2 s"),
    row("rectifyPage, straight scan", rectScan, `${x(rectScan)} (incl. the planes it hands on); ${((rectScan.cpu / fullScan.cpu) * 100).toFixed(0)} % of the digitization`),
    row("rectifyPage, photo-preset page", rectPhoto, `${x(rectPhoto)}; ${((rectPhoto.cpu / fullPhoto.cpu) * 100).toFixed(0)} % of the digitization`),
    row("estimateGridMarginal (incl. rotation search), straight scan", grid, `${((grid.cpu / fullScan.cpu) * 100).toFixed(0)} % of a full digitization`),
  ];
}
