import sharp, { type Sharp } from "sharp";
import { withChannels, type Pixels } from "./pixels.js";

/** Grey or RGB into libvips (RGBA is packed to RGB first: an alpha band sends libvips down a float path). */
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
  return { width: size, height: size, kernel, scale };
}

/**
 * Shrinks by `scale` (libvips, area-weighted) and enlarges back bilinearly (here: libvips'
 * upsampling costs several times more): detail finer than 1/scale px is lost.
 */
export async function lowResolution(px: Pixels, scale: number): Promise<Pixels> {
  const w = Math.max(1, Math.round(px.width * scale)), h = Math.max(1, Math.round(px.height * scale));
  const small = await fromSharp(toSharp(px).resize(w, h, { kernel: "linear", fit: "fill" }), px.channels === 1);
  return enlargeBilinear(small, px.width, px.height);
}

/** Bilinear enlargement with pixel centres aligned ((x + 0.5) * sw / ow - 0.5), edges clamped. */
export function enlargeBilinear(px: Pixels, width: number, height: number): Pixels {
  const { width: sw, height: sh, channels: c, data: src } = px;
  const out = new Uint8ClampedArray(width * height * c);
  const colIndex = new Int32Array(width), colWeight = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const u = Math.min(Math.max(((x + 0.5) * sw) / width - 0.5, 0), sw - 1);
    const i = Math.min(u | 0, sw - 2);
    colIndex[x] = Math.max(i, 0) * c;
    colWeight[x] = sw > 1 ? u - Math.max(i, 0) : 0;
  }
  const line = new Float32Array((sw + 1) * c);
  for (let y = 0; y < height; y++) {
    const v = Math.min(Math.max(((y + 0.5) * sh) / height - 0.5, 0), sh - 1);
    const j = Math.min(v | 0, Math.max(sh - 2, 0)), b = sh > 1 ? v - j : 0;
    const r0 = j * sw * c, r1 = Math.min(j + 1, sh - 1) * sw * c;
    for (let k = 0; k < sw * c; k++) line[k] = src[r0 + k]! + (src[r1 + k]! - src[r0 + k]!) * b;
    for (let k = sw * c; k < line.length; k++) line[k] = line[k - c]!;
    const o = y * width * c;
    if (c === 1) enlargeRow1(line, out, o, width, colIndex, colWeight);
    else enlargeRowN(line, out, o, width, c, colIndex, colWeight);
  }
  return { width, height, channels: c, data: out };
}

function enlargeRow1(line: Float32Array, out: Uint8ClampedArray, o: number, width: number, colIndex: Int32Array, colWeight: Float32Array): void {
  for (let x = 0; x < width; x++, o++) {
    const i = colIndex[x]!;
    out[o] = line[i]! + (line[i + 1]! - line[i]!) * colWeight[x]!;
  }
}

function enlargeRowN(line: Float32Array, out: Uint8ClampedArray, o: number, width: number, c: number, colIndex: Int32Array, colWeight: Float32Array): void {
  for (let x = 0; x < width; x++, o += c) {
    const i = colIndex[x]!, a = colWeight[x]!;
    out[o] = line[i]! + (line[i + c]! - line[i]!) * a;
    out[o + 1] = line[i + 1]! + (line[i + c + 1]! - line[i + 1]!) * a;
    out[o + 2] = line[i + 2]! + (line[i + c + 2]! - line[i + 2]!) * a;
    if (c === 4) out[o + 3] = 255;
  }
}

/**
 * JPEG encode at `quality` (chroma 4:2:0; a grey image as a one-channel JPEG) and decode back,
 * to RGBA when `rgba` (libvips adds the alpha band while decoding: no separate pass).
 */
export async function jpegRoundTrip(px: Pixels, quality: number, rgba = false): Promise<Pixels> {
  const bytes = await toSharp(px).jpeg({ quality: Math.round(quality), chromaSubsampling: "4:2:0" }).toBuffer();
  if (!rgba) return fromSharp(sharp(bytes), px.channels === 1);
  const { data, info } = await sharp(bytes).toColourspace("srgb").ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: 4, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength) };
}
