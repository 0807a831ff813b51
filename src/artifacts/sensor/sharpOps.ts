import sharp, { type Sharp } from "sharp";
import { applyMotionBlur, motionKernel, type MotionKernel } from "./applyMotionBlur.js";
import { enlargeBilinear } from "./enlargeBilinear.js";
import { giveBack, poolView } from "./bufferPool.js";
import { pixelsOf, withChannels, type Pixels } from "./pixels.js";
import type { RgbaImage } from "../../render/types.js";

/** Grey or RGB for libvips (RGBA is packed to RGB first: with an alpha band sharp premultiplies in floating point, 3-4x the cost of a blur). */
const unpacked = (px: Pixels): Pixels => (px.channels === 4 ? withChannels(px, 3) : px);

/**
 * The options for libvips' Gaussian blur of sigmaPx px. Its default mask stops where the
 * Gaussian falls below 0.2 of its peak: at sigma 0.5-1.5 px that blurs up to 60 levels away from
 * a true Gaussian at hard edges; down to 0.05, within ~10 (see the tests), at the same speed.
 * Sigma in [0.58, 0.62] px takes a path 4-5x slower (the integer mask misses the vectorised
 * convolution; measured with sharp 0.35 / libvips 8.18 on 0.3-2.0 px in steps of 0.01): it is
 * blurred at 0.625 px instead.
 */
export function gaussian(sigmaPx: number): { sigma: number; minAmplitude: number } {
  return { sigma: sigmaPx >= 0.575 && sigmaPx < 0.625 ? 0.625 : sigmaPx, minAmplitude: 0.05 };
}

/** Grey or RGB pixels into libvips (read until the operation's promise settles). */
function toSharp(p: Pixels): Sharp {
  return sharp(Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength), { raw: { width: p.width, height: p.height, channels: p.channels } });
}

/** `p`'s buffer back to the pool when it is an intermediate made here (not the caller's `px`). */
const spent = (p: Pixels, px: Pixels): void => { if (p.data !== px.data) giveBack(p.data); };

/** Raw pixels out of libvips; grey stays one channel (libvips would otherwise widen it to sRGB). */
async function fromSharp(s: Sharp, grey: boolean): Promise<Pixels> {
  const { data, info } = await (grey ? s.toColourspace("b-w") : s).raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: info.channels as 1 | 3, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength) };
}

/**
 * Defocus (Gaussian blur, sigma in px), camera shake (the image averaged along a line `lengthPx`
 * long at `angleDeg`, counter-clockwise) and low resolution (shrunk to `scale` of its size,
 * area-weighted, and enlarged back bilinearly: detail finer than 1/scale px is lost), each
 * optional. The blur runs in libvips at full resolution (on the shrunk grid a Gaussian of
 * sigma * scale px is too coarsely sampled: up to ~50 levels off at thin lines). The shake, a
 * linear filter of its own, runs after the shrink with its length scaled by `scale` (the same to
 * first order, at scale^2 of the cost; ~5% more edge blur, see the tests); it and the
 * enlargement run in JS (applyMotionBlur, enlargeBilinear), faster than libvips' float convolution and resize
 * on grey pixels and on the shrunk image; a colour page at full size is convolved in libvips.
 * Colour comes out RGB, grey stays grey. `after`, if given, works in place on the result (whole
 * rows, top to bottom; a row at a time as the enlargement makes them, while they are in cache).
 */
export async function blurAndResolution(px: Pixels, sigmaPx: number | null, motion: { lengthPx: number; angleDeg: number } | null, scale: number | null, after?: (rows: Uint8ClampedArray) => void): Promise<Pixels> {
  if (scale !== null) {
    const small = await cameraGrid(px, sigmaPx, motion, scale);
    const out = enlargeBilinear(small, px.width, px.height, after);
    giveBack(small.data);
    return out;
  }
  const done = (p: Pixels): Pixels => { after?.(p.data); return p; };
  if (motion && px.channels !== 1) {
    // Colour at full size: libvips' convolution (in one pipeline with the blur) costs less than the JS one here (x0.8, same run).
    const input = unpacked(px);
    const k = atLeast3x3(motionKernel(motion.lengthPx, motion.angleDeg));
    const s = sigmaPx !== null ? toSharp(input).blur(gaussian(sigmaPx)) : toSharp(input);
    const out = await fromSharp(s.convolve(k), false);
    spent(input, px);
    return done(out);
  }
  const blurred = await defocused(px, sigmaPx);
  if (!motion) return done(blurred);
  const out = applyMotionBlur(blurred, motion.lengthPx, motion.angleDeg);
  spent(blurred, px);
  return done(out);
}

/** `px` as grey or RGB, blurred in libvips when sigmaPx is given (an RGB pack made for it goes back to the pool). */
async function defocused(px: Pixels, sigmaPx: number | null): Promise<Pixels> {
  const input = unpacked(px);
  if (sigmaPx === null) return input;
  const out = await fromSharp(toSharp(input).blur(gaussian(sigmaPx)), px.channels === 1);
  spent(input, px);
  return out;
}

/**
 * What a camera whose grid is `scale` of the image's size records: the image blurred (at full
 * size, as blurAndResolution), shrunk and shaken on the small grid, not enlarged. Colour comes out
 * RGB, grey stays grey.
 */
export async function cameraGrid(px: Pixels, sigmaPx: number | null, motion: { lengthPx: number; angleDeg: number } | null, scale: number): Promise<Pixels> {
  const blurred = await defocused(px, sigmaPx);
  const w = Math.max(1, Math.round(px.width * scale)), h = Math.max(1, Math.round(px.height * scale));
  let small = await fromSharp(toSharp(blurred).resize(w, h, { kernel: "linear", fit: "fill" }), px.channels === 1);
  spent(blurred, px);
  if (motion) {
    const moved = applyMotionBlur(small, motion.lengthPx * scale, motion.angleDeg);
    giveBack(small.data);
    small = moved;
  }
  return small;
}

/**
 * The page blurred (Gaussian, sigma in page px) before a camera's smaller grid samples it: what
 * the grid's larger pixels and the lens's defocus average together. RGBA in (opaque), RGBA out:
 * blurred as RGB in libvips, the alpha band added after (blurring it would premultiply in floats).
 */
export async function prefilteredPage(image: RgbaImage, sigmaPx: number, spareRows = 0): Promise<RgbaImage> {
  const rgb = withChannels(pixelsOf(image), 3);
  // `spareRows` extra rows at the end, not part of the image: the buffer can then serve a larger frame once given back.
  const s = toSharp(rgb).blur(gaussian(sigmaPx)).ensureAlpha();
  const { data } = await (spareRows > 0 ? s.extend({ bottom: spareRows, extendWith: "copy" }) : s).raw().toBuffer({ resolveWithObject: true });
  giveBack(rgb.data);
  const length = image.width * image.height * 4;
  return { width: image.width, height: image.height, data: poolView(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), length) };
}

/** The kernel padded with zeros to at least 3 x 3 (sharp rejects a 1-row or 1-column kernel: a shake at 0 or 90 degrees). */
function atLeast3x3(k: MotionKernel): MotionKernel {
  if (k.width >= 3 && k.height >= 3) return k;
  const width = Math.max(3, k.width), height = Math.max(3, k.height), dx = (width - k.width) / 2, dy = (height - k.height) / 2;
  const kernel = new Array<number>(width * height).fill(0);
  for (let y = 0; y < k.height; y++) for (let x = 0; x < k.width; x++) kernel[(y + dy) * width + x + dx] = k.kernel[y * k.width + x]!;
  return { width, height, kernel, scale: k.scale };
}

/**
 * JPEG encode at `quality` (chroma 4:2:0; a grey image as a one-channel JPEG) and decode back to
 * RGBA (libvips adds the alpha band while decoding), or to grey when `grey` and the image is grey.
 */
export async function jpegRoundTrip(px: Pixels, quality: number, grey = false): Promise<Pixels> {
  // Default Huffman tables (optimiseCoding off): the same decoded pixels, encoded in less than half the time.
  const input = unpacked(px);
  const bytes = await toSharp(input).jpeg({ quality: Math.round(quality), chromaSubsampling: "4:2:0", optimiseCoding: false }).toBuffer();
  spent(input, px);
  if (grey && input.channels === 1) {
    // A one-channel JPEG decodes to sRGB inside sharp: its first band is the grey (same bytes as converting back to b-w, at about half the cost).
    const { data, info } = await sharp(bytes).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, channels: 1, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength) };
  }
  const { data, info } = await sharp(bytes).toColourspace("srgb").ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: 4, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength) };
}
