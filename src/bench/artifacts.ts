import { applyArtifacts } from "../artifacts/applyArtifacts.js";
import { ARTIFACT_NAMES, type ArtifactOptions } from "../artifacts/artifactOptions.js";
import { renderPage } from "../render/renderPage.js";
import { sharedPath } from "../testdata.js";
import { Rng } from "../util/rng.js";
import { readRecord } from "../wfdb/readRecord.js";
import type { BenchRow } from "./benchRow.js";
import { median } from "../util/median.js";

/**
 * Seconds per 200-dpi letter page (2200 x 1700 px) for each artifact alone (probability 1,
 * default ranges), the photo preset, and every artifact on at once. Baseline in the same run:
 * copying the page's pixels and mask (what any artifact that touches pixels costs at least). Reported as CPU seconds of this process
 * (all threads, so sharp's worker threads count) per image, which is what "per core" means and
 * is less distorted than wall time on a shared machine; the wall-clock median is in the note.
 */
export async function benchArtifacts(): Promise<BenchRow[]> {
  const runs = Number(process.env.ECGKIT_BENCH_RUNS ?? 5);
  const record = await readRecord(sharedPath("wfdb/cinc2021/E07500"));
  const page = await renderPage(record, { resolutionDpi: 200 }, new Rng(1));
  const measure = async (work: (i: number) => Promise<unknown>): Promise<{ cpu: number; wall: number }> => {
    const cpu: number[] = [], wall: number[] = [];
    for (let i = 0; i < runs; i++) {
      const c = process.cpuUsage(), t = performance.now();
      await work(i);
      const used = process.cpuUsage(c);
      wall.push((performance.now() - t) / 1000);
      cpu.push((used.user + used.system) / 1e6);
    }
    return { cpu: median(cpu), wall: median(wall) };
  };
  const time = (options: ArtifactOptions) => measure((i) => applyArtifacts(page, options, new Rng(`bench${i}`)));
  const baseline = await measure(async () => [new Uint8ClampedArray(page.image.data), new Uint16Array(page.traceMask)]);
  const row = (name: string, t: { cpu: number; wall: number }, note: string): BenchRow =>
    ({ area: "artifacts", name, median: t.cpu, unit: "cpu-s/image", runs, note: `${note}; wall ${t.wall.toFixed(3)} s` });
  const rows: BenchRow[] = [row("copy of pixels and mask", baseline, "baseline"), row("clean preset", await time({ preset: "clean" }), "nothing fires, the page is returned without a copy")];
  for (const name of ARTIFACT_NAMES) {
    const t = await time({ [name]: { probability: 1 } });
    rows.push(row(name, t, `alone, x${(t.cpu / baseline.cpu).toFixed(1)} baseline`));
  }
  rows.push(row("preset photo", await time({ preset: "photo" }), "target <= 0.4"));
  rows.push(row("everything on", await time(Object.fromEntries(ARTIFACT_NAMES.map((n) => [n, { probability: 1 }])) as ArtifactOptions), "target <= 0.4"));
  return rows;
}
