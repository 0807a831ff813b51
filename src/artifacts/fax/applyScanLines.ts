import type { RgbaImage } from "../../render/types.js";
import type { Pixels } from "../sensor/pixels.js";
import type { Rng } from "../../util/rng.js";
import type { ResolvedArtifactOptions } from "../artifactOptions.js";
import { drawCount } from "../draw.js";

/**
 * Faults of a fax's line-by-line transmission, in place and without moving anything (rows are
 * replaced, never inserted or removed, so the ground truth stays where it was):
 * standard resolution (3.85 lines/mm: every second row repeats the one above), dropped lines
 * (a line lost in transmission, printed white), doubled lines (a line printed twice, over the
 * next), and streaks (a dirty sensor element or printhead: a dark line along a row).
 * Works on RGBA or on Pixels of any channel count (a grey scan stays one channel).
 */
export function applyScanLines(image: RgbaImage | Pixels, options: ResolvedArtifactOptions["scanLines"], rng: Rng): Record<string, unknown> {
  const { width, height, data } = image;
  const c = "channels" in image ? image.channels : 4, colours = Math.min(c, 3);
  const rowBytes = width * c;
  const copyRow = (from: number, to: number) => data.copyWithin(to * rowBytes, from * rowBytes, (from + 1) * rowBytes);
  const standard = rng.chance(options.standardResolutionProbability);
  const phase = rng.int(0, 1);
  if (standard) for (let row = phase + 1; row < height; row += 2) copyRow(row - 1, row);
  const dropped: [number, number][] = [];
  for (let n = drawCount(rng, options.dropped); n > 0; n--) {
    const row = rng.int(0, height - 1), rows = rng.int(1, 3);
    for (let r = row; r < Math.min(height, row + rows); r++) data.fill(255, r * rowBytes, (r + 1) * rowBytes);
    dropped.push([row, rows]);
  }
  const doubled: [number, number][] = [];
  for (let n = drawCount(rng, options.doubled); n > 0; n--) {
    const row = rng.int(1, height - 1), rows = rng.int(1, 3);
    for (let r = row; r < Math.min(height, row + rows); r++) copyRow(row - 1, r);
    doubled.push([row, rows]);
  }
  const streaks: { row: number; fromCol: number; toCol: number; level: number }[] = [];
  for (let n = drawCount(rng, options.streaks); n > 0; n--) {
    const row = rng.int(0, height - 1), len = Math.round(width * rng.uniform(0.2, 1));
    const fromCol = rng.int(0, width - len), level = 0;
    for (let o = row * rowBytes + fromCol * c, end = o + len * c; o < end; o += c) {
      for (let ch = 0; ch < colours; ch++) data[o + ch] = Math.min(data[o + ch]!, level);
    }
    streaks.push({ row, fromCol, toCol: fromCol + len, level });
  }
  return { standardResolution: standard, ...(standard ? { repeatedRowParity: phase + 1 } : {}), droppedRowsAndCounts: dropped, doubledRowsAndCounts: doubled, streaks };
}
