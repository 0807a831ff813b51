import type { RgbaImage } from "../../render/types.js";
import { takeBytes } from "./bufferPool.js";

/**
 * Interleaved 8-bit pixels with 1 (grey), 3 (RGB) or 4 (RGBA, alpha opaque) channels: the sensor
 * steps work on packed RGB or grey (sharp premultiplies an alpha band in floating point before
 * blurring or resizing, several times the cost of the operation), and grey scans on one channel.
 */
export interface Pixels {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  data: Uint8ClampedArray;
}

/** An RGBA image as Pixels (no copy). */
export function pixelsOf(image: RgbaImage): Pixels {
  return { width: image.width, height: image.height, channels: 4, data: image.data };
}

/**
 * The same pixels with `channels` channels: RGBA or RGB to RGB by dropping alpha, to grey by
 * Rec. 601 luma (rounded); grey or RGB to RGBA with opaque alpha. Returns `px` itself when it already has them.
 * The new pixels go into a buffer from the pool (see bufferPool.ts).
 */
export function withChannels(px: Pixels, channels: 1 | 3 | 4): Pixels {
  if (px.channels === channels) return px;
  const { width, height, data: src } = px;
  const n = width * height, sc = px.channels;
  const data = takeBytes(n * channels);
  // One small loop per conversion: each stays monomorphic, which V8 compiles to tight code.
  if (channels === 1) {
    if (sc === 4) lumaOfRgba(rgbaWords(src), data, n);
    else lumaOfRgb(src, data, n);
  } else if (channels === 3) {
    if (sc === 4) rgbOfRgba(rgbaWords(src), data, n);
    else for (let i = 0, o = 0; i < n; i++, o += 3) data[o] = data[o + 1] = data[o + 2] = src[i]!;
  } else if (sc === 1) {
    rgbaOfGrey(src, new Int32Array(data.buffer, data.byteOffset, n), n);
  } else {
    rgbaOfRgb(src, new Int32Array(data.buffer, data.byteOffset, n), n);
  }
  return { width, height, channels, data };
}

// Luma in 16.16 fixed point: 0.299, 0.587, 0.114 (sum 65536, so a grey pixel keeps its level), rounded.
const luma = (w: number): number => (19595 * (w & 255) + 38470 * ((w >> 8) & 255) + 7471 * ((w >> 16) & 255) + 32768) >>> 16;

/** Four pixels per step, stored as one 32-bit word (a quarter of the stores: ~25% faster). `out` is new, so 4-byte aligned. */
function lumaOfRgba(words: Int32Array, out: Uint8ClampedArray, n: number): void {
  const quads = new Int32Array(out.buffer, out.byteOffset, n >> 2);
  for (let j = 0, i = 0; j < quads.length; j++, i += 4) {
    quads[j] = luma(words[i]!) | (luma(words[i + 1]!) << 8) | (luma(words[i + 2]!) << 16) | (luma(words[i + 3]!) << 24);
  }
  for (let i = quads.length * 4; i < n; i++) out[i] = luma(words[i]!);
}

function lumaOfRgb(src: Uint8ClampedArray, out: Uint8ClampedArray, n: number): void {
  for (let i = 0, o = 0; i < n; i++, o += 3) out[i] = (19595 * src[o]! + 38470 * src[o + 1]! + 7471 * src[o + 2]! + 32768) >>> 16;
}

/** Four pixels (12 bytes) per step, stored as three 32-bit words (little-endian, as rgbaWords). `out` is new, so 4-byte aligned. */
function rgbOfRgba(words: Int32Array, out: Uint8ClampedArray, n: number): void {
  const triples = new Int32Array(out.buffer, out.byteOffset, (n >> 2) * 3);
  for (let i = 0, o = 0; o < triples.length; i += 4, o += 3) {
    const a = words[i]!, b = words[i + 1]!, c = words[i + 2]!, d = words[i + 3]!;
    triples[o] = (a & 0xffffff) | (b << 24);
    triples[o + 1] = ((b >>> 8) & 0xffff) | (c << 16);
    triples[o + 2] = ((c >>> 16) & 0xff) | (d << 8);
  }
  for (let i = n & ~3, o = i * 3; i < n; i++, o += 3) {
    const w = words[i]!;
    out[o] = w & 255; out[o + 1] = (w >> 8) & 255; out[o + 2] = (w >> 16) & 255;
  }
}

function rgbaOfGrey(src: Uint8ClampedArray, out: Int32Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = Math.imul(src[i]!, 0x010101) | 0xff000000;
}

function rgbaOfRgb(src: Uint8ClampedArray, out: Int32Array, n: number): void {
  for (let i = 0, o = 0; i < n; i++, o += 3) out[i] = src[o]! | (src[o + 1]! << 8) | (src[o + 2]! << 16) | 0xff000000;
}

/** Back to an RgbaImage (no copy when `px` is RGBA already). */
export function rgbaOf(px: Pixels): RgbaImage {
  const p = withChannels(px, 4);
  return { width: p.width, height: p.height, data: p.data };
}

/** The bytes of an RGBA buffer as little-endian 32-bit words (copied first if not 4-byte aligned). */
export function rgbaWords(data: Uint8ClampedArray): Int32Array {
  const aligned = data.byteOffset % 4 === 0 ? data : new Uint8ClampedArray(data);
  return new Int32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength >> 2);
}
