import { takeBytes } from "./bufferPool.js";
import type { Pixels } from "./pixels.js";

/** A motion-blur kernel: whole-number weights (row-major, width x height, centred) and their sum. */
export interface MotionKernel {
  width: number;
  height: number;
  kernel: number[];
  scale: number;
}

/**
 * Camera shake: every pixel averaged along a line `lengthPx` long at `angleDeg` (counter-clockwise,
 * y down), edges extended by copying; rounded to nearest, into a new buffer. A direct convolution
 * over the kernel's non-zero taps only, in a loop generated for them (see tapLoop): libvips
 * convolves in floating point, 2-4x the cost on grey pixels.
 */
export function applyMotionBlur(px: Pixels, lengthPx: number, angleDeg: number): Pixels {
  const k = motionKernel(lengthPx, angleDeg);
  const { width, height, channels: c, data: src } = px;
  const out = takeBytes(src.length);
  const hw = (k.width - 1) / 2, hh = (k.height - 1) / 2;
  const taps: Tap[] = [];
  for (let j = 0; j < k.height; j++) for (let i = 0; i < k.width; i++) if (k.kernel[j * k.width + i]! !== 0) taps.push({ dx: i - hw, dy: j - hh, w: k.kernel[j * k.width + i]! });
  const inv = 1 / k.scale;
  // Interior: every tap inside the image. The border (hw columns, hh rows) clamps each tap.
  if (width > 2 * hw && height > 2 * hh) tapLoop(taps)(src, out, width * c, c, hh, height - hh, hw * c, (width - hw) * c, inv);
  const n = taps.length, dxs = new Int32Array(n), dys = new Int32Array(n), ws = new Int32Array(n);
  taps.forEach((t, i) => { dxs[i] = t.dx; dys[i] = t.dy; ws[i] = t.w; });
  blurBorder(src, out, width, height, c, dxs, dys, ws, hw, hh, inv);
  return { width, height, channels: c, data: out };
}

/**
 * The border (hw columns, hh rows), each tap clamped to the image. Its own module function over
 * typed arrays: as a loop inside applyMotionBlur (called once a page) V8 compiled it again on every
 * page (10-16 ms of compiling).
 */
function blurBorder(src: Uint8ClampedArray, out: Uint8ClampedArray, width: number, height: number, c: number, dxs: Int32Array, dys: Int32Array, ws: Int32Array, hw: number, hh: number, inv: number): void {
  const n = ws.length;
  for (let y = 0; y < height; y++) {
    const inner = y >= hh && y < height - hh && width > 2 * hw;
    for (let x = 0; x < width; x++) {
      // Interior rows: only the hw columns at each end (jump over the rest).
      if (inner && x === hw) x = width - hw;
      if (x >= width) break;
      for (let ch = 0; ch < c; ch++) {
        let sum = 0;
        for (let t = 0; t < n; t++) sum += ws[t]! * src[(Math.min(height - 1, Math.max(0, y + dys[t]!)) * width + Math.min(width - 1, Math.max(0, x + dxs[t]!))) * c + ch]!;
        // A clamped array rounds to nearest on store.
        out[(y * width + x) * c + ch] = sum * inv;
      }
    }
  }
}

interface Tap { dx: number; dy: number; w: number }

type TapLoop = (src: Uint8ClampedArray, out: Uint8ClampedArray, rowLen: number, c: number, y0: number, y1: number, i0: number, i1: number, inv: number) => void;

/**
 * The interior loop for one set of taps, generated with the weights and offsets written out as
 * constants (only integers go into the source): a generic loop over a tap array costs ~5x as
 * much per pixel in V8 (loop overhead and loads of the tap arrays for each of ~10 taps).
 */
function tapLoop(taps: Tap[]): TapLoop {
  const sum = taps.map((t, k) => `${t.w} * src[i + o${k}]`).join(" + ");
  const offsets = taps.map((t, k) => `const o${k} = (${t.dy} * rowLen / c + ${t.dx}) * c;`).join(" ");
  try {
    return new Function("src", "out", "rowLen", "c", "y0", "y1", "i0", "i1", "inv",
      `${offsets} for (let y = y0; y < y1; y++) { const end = y * rowLen + i1; for (let i = y * rowLen + i0; i < end; i++) out[i] = (${sum}) * inv; }`) as TapLoop;
  } catch {
    // Code generation disallowed (--disallow-code-generation-from-strings): the same loop over the tap arrays.
    const w = Int32Array.from(taps, (t) => t.w);
    return (src, out, rowLen, c, y0, y1, i0, i1, inv) => {
      const o = Int32Array.from(taps, (t) => (t.dy * (rowLen / c) + t.dx) * c);
      for (let y = y0; y < y1; y++) for (let i = y * rowLen + i0, end = y * rowLen + i1; i < end; i++) {
        let acc = 0;
        for (let k = 0; k < w.length; k++) acc += w[k]! * src[i + o[k]!]!;
        out[i] = acc * inv;
      }
    };
  }
}

/** The line, sampled finely and splatted bilinearly, cropped to its non-zero rows and columns, as whole-number weights summing to ~256. */
export function motionKernel(lengthPx: number, angleDeg: number): MotionKernel {
  const size = Math.max(3, 2 * Math.ceil(lengthPx / 2) + 1), half = (size - 1) / 2;
  const kernel = new Array<number>(size * size).fill(0);
  const t = (angleDeg * Math.PI) / 180, dx = Math.cos(t), dy = -Math.sin(t);
  const samples = size * 8;
  for (let i = 0; i < samples; i++) {
    const s = (i / (samples - 1) - 0.5) * lengthPx;
    const x = half + s * dx, y = half + s * dy;
    const x0 = Math.floor(x), y0 = Math.floor(y), ax = x - x0, ay = y - y0;
    for (const [cx, cy, w] of [[x0, y0, (1 - ax) * (1 - ay)], [x0 + 1, y0, ax * (1 - ay)], [x0, y0 + 1, (1 - ax) * ay], [x0 + 1, y0 + 1, ax * ay]] as const) {
      if (cx >= 0 && cy >= 0 && cx < size && cy < size) kernel[cy * size + cx]! += w;
    }
  }
  const scale = kernel.reduce((a, b) => a + b, 0);
  // Crop the zero rows and columns at the borders (the line is symmetric about the centre, so the
  // crop is too and the kernel stays centred): a near-horizontal shake needs 2-3 rows, not `size`.
  const zero = (i: number, row: boolean) => Array.from({ length: size }, (_, k) => kernel[row ? i * size + k : k * size + i]!).every((v) => v < 1e-9 * scale);
  let cut = 0, cutCols = 0;
  while (cut < half && zero(cut, true) && zero(size - 1 - cut, true)) cut++;
  while (cutCols < half && zero(cutCols, false) && zero(size - 1 - cutCols, false)) cutCols++;
  const height = size - 2 * cut, width = size - 2 * cutCols;
  const cropped = Array.from({ length: width * height }, (_, k) => Math.round((kernel[(Math.floor(k / width) + cut) * size + (k % width) + cutCols]! * 256) / scale));
  return { width, height, kernel: cropped, scale: cropped.reduce((a, b) => a + b, 0) };
}
