import type { ImagePlanes } from "./imagePlanes.js";

export interface DarkGridMaskOptions {
  /** Ink level (0-255 darkness) of bare paper. */
  paperLevel: number;
  /** How much darker than its background a pixel must be to count as ink (darkness levels). */
  marginLevel: number;
  /** Grid scale, px per mm: dots of a dotted 1 mm grid (blobs under 0.6 mm) are dropped, and lines are followed in strips STRIP_MM long. */
  pxPerMm: number;
}

/** Length of the strips (mm) in which a line's column or row level is taken: a line tilted by up to 0.6 degrees stays within +-2 px of it, and a flat trace rarely fills one pixel row that long. */
const STRIP_MM = 15;

/** Pixels either side of a grid line's own column or row also taken as the line (anti-aliasing, a residual tilt). */
const LINE_REACH_PX = 2;

/**
 * Trace ink on a page whose grid lines are as dark as the trace (photocopies, black grids): level
 * alone cannot tell them apart, position can. A grid line darkens its whole pixel column (or row)
 * within a strip of the page, the trace only crosses it, so each pixel is compared with the mean
 * darkness of its column and of its row within their strips (the larger, over +-2 px), plus a
 * margin. The trace loses the few pixels where it crosses or runs along a grid line: `hidden`
 * holds the dark pixels of horizontal lines (off vertical ones), along which the tracer may follow
 * a flat trace at a cost (traceRow). Isolated dots (a dotted minor grid) are dropped by size.
 */
export function darkGridMask(planes: ImagePlanes, options: DarkGridMaskOptions): { mask: Uint8Array; hidden: Uint8Array } {
  const { width: w, height: h, ink } = planes;
  const stripPx = Math.max(8, STRIP_MM * options.pxPerMm);
  const colStrips = Math.max(1, Math.round(h / stripPx)), rowStrips = Math.max(1, Math.round(w / stripPx));
  const sh = Math.ceil(h / colStrips), sw = Math.ceil(w / rowStrips);
  const colLevel = new Float32Array(w * colStrips), rowLevel = new Float32Array(h * rowStrips);
  for (let r = 0; r < h; r++) {
    const o = r * w, cs = ((r / sh) | 0) * w;
    for (let c = 0; c < w; c++) {
      const v = ink[o + c]!;
      colLevel[cs + c]! += v;
      rowLevel[((c / sw) | 0) * h + r]! += v;
    }
  }
  for (let s = 0; s < colStrips; s++) {
    const nRows = Math.max(1, Math.min(sh, h - s * sh));
    for (let c = 0; c < w; c++) colLevel[s * w + c]! /= nRows;
  }
  for (let s = 0; s < rowStrips; s++) {
    const nCols = Math.max(1, Math.min(sw, w - s * sw));
    for (let r = 0; r < h; r++) rowLevel[s * h + r]! /= nCols;
  }
  const colNear = continuing(nearMax(colLevel, w, colStrips), w, colStrips), rowNear = continuing(nearMax(rowLevel, h, rowStrips), h, rowStrips);
  const mask = new Uint8Array(w * h), hidden = new Uint8Array(w * h);
  const dark = options.paperLevel + options.marginLevel;
  for (let r = 0; r < h; r++) {
    const o = r * w, cs = ((r / sh) | 0) * w;
    for (let c = 0; c < w; c++) {
      const col = colNear[cs + c]!, row = rowNear[((c / sw) | 0) * h + r]!;
      const v = ink[o + c]!;
      if (v >= Math.max(options.paperLevel, col, row) + options.marginLevel) mask[o + c] = 1;
      // On a horizontal line (not a vertical one): where a flat trace may hide.
      else if (v >= dark && row >= dark && col < dark) hidden[o + c] = 1;
    }
  }
  dropDots(mask, w, h, Math.max(3, 0.6 * options.pxPerMm));
  return { mask, hidden };
}

/** Each strip's levels replaced by their maximum over +-LINE_REACH_PX. */
function nearMax(level: Float32Array, n: number, strips: number): Float32Array {
  const out = new Float32Array(level.length);
  for (let s = 0; s < strips; s++) {
    for (let i = 0; i < n; i++) {
      let m = 0;
      for (let k = Math.max(0, i - LINE_REACH_PX); k <= Math.min(n - 1, i + LINE_REACH_PX); k++) m = Math.max(m, level[s * n + k]!);
      out[s * n + i] = m;
    }
  }
  return out;
}

/**
 * A line runs on through the next strip; a flat stretch of trace that fills a pixel row of one
 * strip rarely does: each level is capped by the larger of its neighbouring strips' levels.
 */
function continuing(level: Float32Array, n: number, strips: number): Float32Array {
  if (strips < 2) return level;
  const out = new Float32Array(level.length);
  for (let s = 0; s < strips; s++) {
    for (let i = 0; i < n; i++) {
      const prev = s > 0 ? level[(s - 1) * n + i]! : 0, next = s + 1 < strips ? level[(s + 1) * n + i]! : 0;
      out[s * n + i] = Math.min(level[s * n + i]!, Math.max(prev, next));
    }
  }
  return out;
}

/** Clears 8-connected blobs whose bounding box is at most maxPx in both directions. */
function dropDots(mask: Uint8Array, w: number, h: number, maxPx: number): void {
  const seen = new Uint8Array(mask.length);
  const stack: number[] = [], blob: number[] = [];
  for (let i0 = 0; i0 < mask.length; i0++) {
    if (!mask[i0] || seen[i0]) continue;
    seen[i0] = 1;
    stack.push(i0);
    blob.length = 0;
    let r0 = h, r1 = -1, c0 = w, c1 = -1;
    while (stack.length) {
      const i = stack.pop()!;
      blob.push(i);
      const r = (i / w) | 0, c = i - r * w;
      if (r < r0) r0 = r;
      if (r > r1) r1 = r;
      if (c < c0) c0 = c;
      if (c > c1) c1 = c;
      for (let dr = -1; dr <= 1; dr++) {
        const rr = r + dr;
        if (rr < 0 || rr >= h) continue;
        for (let dc = -1; dc <= 1; dc++) {
          const cc = c + dc, j = rr * w + cc;
          if (cc >= 0 && cc < w && mask[j] && !seen[j]) (seen[j] = 1), stack.push(j);
        }
      }
    }
    if (r1 - r0 < maxPx && c1 - c0 < maxPx) for (const i of blob) mask[i] = 0;
  }
}
