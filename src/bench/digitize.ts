import { estimateGridMarginal } from "../digitize/grid/estimateGridMarginal.js";
import { digitizeImage } from "../digitize/digitizeImage.js";
import { sharedPath } from "../testdata.js";
import { readImage } from "../util/image.js";
import { median } from "../util/median.js";
import type { BenchRow } from "./benchRow.js";

/** Seconds per 200-dpi page (2200x1700, ECG-Image-Kit clean render) on this thread. */
export async function benchDigitize(): Promise<BenchRow[]> {
  const image = await readImage(sharedPath("images", "reference-renders", "clean", "E07500-0.png"));
  const runs = 5;
  const full: number[] = [];
  const grid: number[] = [];
  await digitizeImage(image); // warm-up (JIT)
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    await digitizeImage(image);
    full.push((performance.now() - t) / 1000);
    t = performance.now();
    estimateGridMarginal(image);
    grid.push((performance.now() - t) / 1000);
  }
  const m = median(full);
  return [
    { area: "digitize", name: "digitizeImage 200 dpi page (2200x1700)", median: m, unit: "s/image", runs, note: `target <= 2 s; ECG-Image-Kit renders one in ~1.2 s` },
    { area: "digitize", name: "estimateGridMarginal (incl. rotation search)", median: median(grid), unit: "s/image", runs, note: `${((median(grid) / m) * 100).toFixed(0)} % of a full digitization` },
  ];
}
