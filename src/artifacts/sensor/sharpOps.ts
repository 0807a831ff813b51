import sharp, { type Sharp } from "sharp";
import { withChannels, type Pixels } from "./pixels.js";

/** Grey or RGB into libvips (RGBA is packed to RGB here first: with an alpha band sharp premultiplies in floating point, 3-4x the cost of a blur). */
function toSharp(px: Pixels): Sharp {
  const p = px.channels === 4 ? withChannels(px, 3) : px;
  return sharp(Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength), { raw: { width: p.width, height: p.height, channels: p.channels } });
}

/** Raw pixels out of libvips; grey stays one channel (libvips would otherwise widen it to sRGB). */
async function fromSharp(s: Sharp, grey: boolean): Promise<Pixels> {
  const { data, info } = await (grey ? s.toColourspace("b-w") : s).raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: info.channels as 1 | 3, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength) };
}

/**
 * Defocus (Gaussian blur, sigma in px) and camera shake (the image averaged along a line
 * `lengthPx` long at `angleDeg`, counter-clockwise) in one libvips pipeline; both are
 * convolutions, so their order does not matter.
 */
export function blurs(px: Pixels, sigmaPx: number | null, motion: { lengthPx: number; angleDeg: number } | null): Promise<Pixels> {
  let s = toSharp(px);
  if (sigmaPx !== null) s = s.blur(sigmaPx);
  if (motion) s = s.convolve(motionKernel(motion.lengthPx, motion.angleDeg));
  return fromSharp(s, px.channels === 1);
}

function motionKernel(lengthPx: number, angleDeg: number): { width: number; height: number; kernel: number[]; scale: number } {
  const size = Math.max(3, 2 * Math.ceil(lengthPx / 2) + 1), half = (size - 1) / 2;
  const kernel = new Array<number>(size * size).fill(0);
  const t = (angleDeg * Math.PI) / 180, dx = Math.cos(t), dy = -Math.sin(t);
  // Sample the line finely and splat bilinearly into the kernel.
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
  // Whole-number weights (the line's total is 256 units; scale is their actual sum): libvips
  // convolves integer kernels faster than fractional ones.
  const cropped = Array.from({ length: width * height }, (_, k) => Math.round((kernel[(Math.floor(k / width) + cut) * size + (k % width) + cutCols]! * 256) / scale));
  return { width, height, kernel: cropped, scale: cropped.reduce((a, b) => a + b, 0) };
}

/** Shrinks by `scale` (area-weighted) and enlarges back (bilinear): detail finer than 1/scale px is lost. */
export async function lowResolution(px: Pixels, scale: number): Promise<Pixels> {
  const w = Math.max(1, Math.round(px.width * scale)), h = Math.max(1, Math.round(px.height * scale));
  const small = await fromSharp(toSharp(px).resize(w, h, { kernel: "linear", fit: "fill" }), px.channels === 1);
  return fromSharp(toSharp(small).resize(px.width, px.height, { kernel: "linear", fit: "fill" }), px.channels === 1);
}

/** JPEG encode at `quality` (chroma 4:2:0; a grey image as a one-channel JPEG) and decode back to RGBA (libvips adds the alpha band while decoding). */
export async function jpegRoundTrip(px: Pixels, quality: number): Promise<Pixels> {
  // Default Huffman tables (optimiseCoding off): the same decoded pixels, encoded in less than half the time.
  const bytes = await toSharp(px).jpeg({ quality: Math.round(quality), chromaSubsampling: "4:2:0", optimiseCoding: false }).toBuffer();
  const { data, info } = await sharp(bytes).toColourspace("srgb").ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: 4, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength) };
}
