import type { RgbaImage } from "../../render/types.js";

export interface FlattenLightingOptions {
  /** Side of the blocks the paper level is measured in, px. Default max(8, longest side / 48). */
  blockPx?: number;
  /** Share of a block's pixels darker than its paper level (grid, ink), 0-1. Default 0.1. */
  inkFraction?: number;
}

export interface LightingField {
  /** Block grid size and block side, px. */
  cols: number;
  rows: number;
  blockPx: number;
  /** Paper level per block and channel (R, G, B), 0-255, smoothed. */
  level: Float32Array;
  /** Brightest block's paper luminance over the darkest one's (5th and 95th percentiles); 1 = even. */
  unevenness: number;
}

/**
 * The paper's brightness and colour across the page: per block and channel the (1 - inkFraction)
 * quantile (the paper between the grid lines), then a 3 x 3 median and a 3 x 3 mean over the
 * blocks (a large-scale blur that ink cannot pull down).
 */
export function measureLighting(image: RgbaImage, options: FlattenLightingOptions = {}): LightingField {
  const { width: w, height: h, data } = image;
  const b = Math.max(8, Math.round(options.blockPx ?? Math.max(w, h) / 48));
  const q = 1 - (options.inkFraction ?? 0.1);
  const cols = Math.ceil(w / b), rows = Math.ceil(h / b);
  const raw = new Float32Array(cols * rows * 3);
  const hist = new Uint32Array(256 * 3);
  for (let br = 0; br < rows; br++) {
    for (let bc = 0; bc < cols; bc++) {
      hist.fill(0);
      let n = 0;
      // Every other pixel both ways: a quantile needs no more.
      for (let y = br * b; y < Math.min(h, (br + 1) * b); y += 2) {
        for (let x = bc * b; x < Math.min(w, (bc + 1) * b); x += 2) {
          const o = (y * w + x) * 4;
          // Pure white is masked background (rectifyPage's whitened desk), not paper.
          if (data[o]! === 255 && data[o + 1]! === 255 && data[o + 2]! === 255) continue;
          hist[data[o]!]!++;
          hist[256 + data[o + 1]!]!++;
          hist[512 + data[o + 2]!]!++;
          n++;
        }
      }
      if (n < 8) {
        for (let k = 0; k < 3; k++) raw[(br * cols + bc) * 3 + k] = NaN;
        continue;
      }
      for (let k = 0; k < 3; k++) {
        let acc = 0, v = 0;
        for (; v < 255; v++) {
          acc += hist[k * 256 + v]!;
          if (acc >= q * n) break;
        }
        raw[(br * cols + bc) * 3 + k] = Math.max(1, v);
      }
    }
  }
  fillUnknown(raw, cols, rows);
  const med = smooth(raw, cols, rows, medianOf);
  const level = smooth(med, cols, rows, meanOf);
  const lum: number[] = [];
  for (let i = 0; i < cols * rows; i++) lum.push(0.3 * level[i * 3]! + 0.59 * level[i * 3 + 1]! + 0.11 * level[i * 3 + 2]!);
  lum.sort((x, y) => x - y);
  const lo = lum[Math.floor(0.05 * (lum.length - 1))]!, hi = lum[Math.ceil(0.95 * (lum.length - 1))]!;
  return { cols, rows, blockPx: b, level, unevenness: lo > 0 ? hi / lo : Infinity };
}

/** Blocks without paper (NaN) take the mean of their known neighbours, growing inward from the paper; 255 if there is none. */
function fillUnknown(v: Float32Array, cols: number, rows: number): void {
  for (let pass = 0; pass < cols + rows; pass++) {
    const next = Float32Array.from(v);
    let open = 0;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const i = (r * cols + c) * 3;
        if (!Number.isNaN(v[i]!)) continue;
        let n = 0;
        const sum = [0, 0, 0];
        for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) {
          const rr = r + dr, cc = c + dc;
          if (rr < 0 || rr >= rows || cc < 0 || cc >= cols) continue;
          const j = (rr * cols + cc) * 3;
          if (Number.isNaN(v[j]!)) continue;
          n++;
          for (let k = 0; k < 3; k++) sum[k] += v[j + k]!;
        }
        if (n) for (let k = 0; k < 3; k++) next[i + k] = sum[k]! / n;
        else open++;
      }
    }
    v.set(next);
    if (open === 0) return;
  }
  for (let i = 0; i < v.length; i++) if (Number.isNaN(v[i]!)) v[i] = 255;
}

function smooth(src: Float32Array, cols: number, rows: number, f: (vals: Float64Array, n: number) => number): Float32Array {
  const out = new Float32Array(src.length);
  const vals = new Float64Array(9);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      for (let k = 0; k < 3; k++) {
        let n = 0;
        for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) {
          const rr = r + dr, cc = c + dc;
          if (rr >= 0 && rr < rows && cc >= 0 && cc < cols) vals[n++] = src[(rr * cols + cc) * 3 + k]!;
        }
        out[(r * cols + c) * 3 + k] = f(vals, n);
      }
    }
  }
  return out;
}

/** Median (upper of the middle two) of vals[0..n), sorting them in place. */
function medianOf(vals: Float64Array, n: number): number {
  for (let i = 1; i < n; i++) {
    const v = vals[i]!;
    let j = i - 1;
    for (; j >= 0 && vals[j]! > v; j--) vals[j + 1] = vals[j]!;
    vals[j + 1] = v;
  }
  return vals[n >> 1]!;
}

function meanOf(vals: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += vals[i]!;
  return s / n;
}

/**
 * Divides every channel by the paper level around it (bilinear between block centres), so the
 * paper comes out white and evenly lit whatever the light's colour and fall-off: ink and grid are
 * then judged against white, not against a shadow.
 */
export function flattenLighting(image: RgbaImage, field: LightingField = measureLighting(image)): RgbaImage {
  const { width: w, height: h, data } = image;
  const { cols, rows, blockPx: b, level } = field;
  const out = new Uint8ClampedArray(data.length);
  // Block columns and weights per image column, once; per row, the levels interpolated down.
  const c0s = new Int32Array(w), c1s = new Int32Array(w), fxs = new Float32Array(w), gxs = new Float64Array(w);
  for (let x = 0; x < w; x++) {
    const gx = Math.min(cols - 1, Math.max(0, (x + 0.5) / b - 0.5));
    c0s[x] = Math.floor(gx);
    c1s[x] = Math.min(cols - 1, c0s[x]! + 1);
    fxs[x] = gx - c0s[x]!;
    gxs[x] = 1 - fxs[x]!;
  }
  const rowLevel = new Float32Array(cols * 3);
  for (let y = 0; y < h; y++) {
    const gy = Math.min(rows - 1, Math.max(0, (y + 0.5) / b - 0.5));
    const r0 = Math.floor(gy), r1 = Math.min(rows - 1, r0 + 1), fy = gy - r0;
    for (let i = 0; i < cols * 3; i++) rowLevel[i] = level[r0 * cols * 3 + i]! * (1 - fy) + level[r1 * cols * 3 + i]! * fy;
    for (let x = 0, o = y * w * 4; x < w; x++, o += 4) {
      const a = c0s[x]! * 3, d = c1s[x]! * 3, fx = fxs[x]!, gx = gxs[x]!;
      out[o] = (data[o]! * 255) / (rowLevel[a]! * gx + rowLevel[d]! * fx);
      out[o + 1] = (data[o + 1]! * 255) / (rowLevel[a + 1]! * gx + rowLevel[d + 1]! * fx);
      out[o + 2] = (data[o + 2]! * 255) / (rowLevel[a + 2]! * gx + rowLevel[d + 2]! * fx);
      out[o + 3] = data[o + 3]!;
    }
  }
  return { width: w, height: h, data: out };
}
