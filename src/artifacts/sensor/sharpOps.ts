import sharp, { type Sharp } from "sharp";
import { applyMotionBlur, motionKernel } from "./applyMotionBlur.js";
import { enlargeBilinear } from "./enlargeBilinear.js";
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
 * Defocus (Gaussian blur, sigma in px), camera shake (the image averaged along a line `lengthPx`
 * long at `angleDeg`, counter-clockwise) and low resolution (shrunk to `scale` of its size,
 * area-weighted, and enlarged back bilinearly: detail finer than 1/scale px is lost), each
 * optional. The blur runs in libvips at full resolution (on the shrunk grid a Gaussian of
 * sigma * scale px is too coarsely sampled: up to ~50 levels off at thin lines). The shake, a
 * linear filter of its own, runs after the shrink with its length scaled by `scale` (the same to
 * first order, at scale^2 of the cost; ~5% more edge blur, see the tests); it and the
 * enlargement run in JS (applyMotionBlur, enlargeBilinear), faster than libvips' float convolution and resize
 * on grey pixels and on the shrunk image; a colour page at full size is convolved in libvips.
 */
export async function blurAndResolution(px: Pixels, sigmaPx: number | null, motion: { lengthPx: number; angleDeg: number } | null, scale: number | null): Promise<Pixels> {
  const grey = px.channels === 1;
  if (scale === null && motion && !grey) {
    // Colour at full size: libvips' convolution (in one pipeline with the blur) costs less than the JS one here (x0.8, same run).
    const k = motionKernel(motion.lengthPx, motion.angleDeg);
    const s = sigmaPx !== null ? toSharp(px).blur(sigmaPx) : toSharp(px);
    return fromSharp(s.convolve(k), false);
  }
  const blurred = sigmaPx !== null ? await fromSharp(toSharp(px).blur(sigmaPx), grey) : px;
  if (scale === null) return motion ? applyMotionBlur(blurred, motion.lengthPx, motion.angleDeg) : blurred;
  const w = Math.max(1, Math.round(px.width * scale)), h = Math.max(1, Math.round(px.height * scale));
  let small = await fromSharp(toSharp(blurred).resize(w, h, { kernel: "linear", fit: "fill" }), grey);
  if (motion) small = applyMotionBlur(small, motion.lengthPx * scale, motion.angleDeg);
  return enlargeBilinear(small, px.width, px.height);
}

/** JPEG encode at `quality` (chroma 4:2:0; a grey image as a one-channel JPEG) and decode back to RGBA (libvips adds the alpha band while decoding). */
export async function jpegRoundTrip(px: Pixels, quality: number): Promise<Pixels> {
  // Default Huffman tables (optimiseCoding off): the same decoded pixels, encoded in less than half the time.
  const bytes = await toSharp(px).jpeg({ quality: Math.round(quality), chromaSubsampling: "4:2:0", optimiseCoding: false }).toBuffer();
  const { data, info } = await sharp(bytes).toColourspace("srgb").ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: 4, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength) };
}
