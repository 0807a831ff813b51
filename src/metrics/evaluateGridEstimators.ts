/**
 * `npx tsx src/metrics/evaluateGridEstimators.ts`: the three grid estimators on the shared images
 * whose scale is known (reference renders: x_grid / 5 from the annotation; LUDB: 2000 x 960 px
 * for 258 x 129 mm), as a markdown table of error and time; on images/real (no known scale: the
 * file's 72 dpi tag says nothing) the spread between estimators.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { median } from "../util/median.js";
import { compareGridEstimators, GRID_METHODS } from "../digitize/grid/compareGridEstimators.js";
import { sharedPath } from "../testdata.js";
import { readImage } from "../util/image.js";

interface Case {
  set: string;
  file: string;
  truthX?: number;
  truthY?: number;
}

async function cases(): Promise<Case[]> {
  const out: Case[] = [];
  for (const set of ["clean", "varied"]) {
    const dir = sharedPath("images", "reference-renders", set);
    for (const f of (await readdir(dir)).filter((f) => f.endsWith("-0.png")).sort()) {
      const ann = JSON.parse(gunzipSync(await readFile(join(dir, f.replace(/\.png$/, ".json.gz")))).toString()) as { x_grid: number; y_grid: number };
      out.push({ set, file: join(dir, f), truthX: ann.x_grid / 5, truthY: ann.y_grid / 5 });
    }
  }
  const ludb = sharedPath("images", "ludb");
  for (const f of (await readdir(ludb)).filter((f) => /^ludb\d+\.png$/.test(f)).sort()) out.push({ set: "ludb", file: join(ludb, f), truthX: 2000 / 258, truthY: 960 / 129 });
  const real = sharedPath("images", "real");
  for (const f of (await readdir(real)).filter((f) => /\.(png|jpe?g|bmp)$/i.test(f)).sort()) out.push({ set: "real", file: join(real, f) });
  return out;
}

const rows: Record<string, Record<string, { err: number[]; ms: number[]; failed: number; spread: number[] }>> = {};
for (const c of await cases()) {
  let image;
  try {
    image = await readImage(c.file);
  } catch (err) {
    process.stderr.write(`${c.file}: skipped: ${(err as Error).message}\n`);
    continue;
  }
  const res = compareGridEstimators(image);
  const xs = res.map((r) => r.estimate.pxPerMmX).filter(Number.isFinite);
  const spread = xs.length > 1 ? Math.max(...xs) / Math.min(...xs) - 1 : NaN;
  const line: string[] = [c.file.split("/").slice(-2).join("/")];
  for (const { estimate: e, elapsedMs } of res) {
    const slot = ((rows[c.set] ??= {})[e.method] ??= { err: [], ms: [], failed: 0, spread: [] });
    slot.ms.push(elapsedMs);
    if (!Number.isFinite(e.pxPerMmX)) slot.failed++;
    if (c.truthX && c.truthY) {
      const err = Math.max(Math.abs(e.pxPerMmX / c.truthX - 1), Math.abs(e.pxPerMmY / c.truthY - 1)) * 100;
      slot.err.push(Number.isFinite(err) ? err : Infinity);
      line.push(`${e.method} ${err.toFixed(2)}%`);
    } else {
      slot.spread.push(spread * 100);
      line.push(`${e.method} ${e.pxPerMmX.toFixed(3)}`);
    }
  }
  process.stderr.write(line.join("  ") + "\n");
}
process.stdout.write("| set | estimator | images | median error % | max error % | failed | median ms |\n|---|---|---|---|---|---|---|\n");
for (const [set, byMethod] of Object.entries(rows)) {
  for (const m of GRID_METHODS) {
    const s = byMethod[m];
    if (!s) continue;
    const e = set === "real" ? "-" : median(s.err).toFixed(3);
    const mx = set === "real" ? `spread ${median(s.spread).toFixed(2)}` : Math.max(...s.err).toFixed(2);
    process.stdout.write(`| ${set} | ${m} | ${s.ms.length} | ${e} | ${mx} | ${s.failed} | ${median(s.ms).toFixed(0)} |\n`);
  }
}
