import sharp, { type Sharp } from "sharp";
import type { RgbaImage } from "../../render/types.js";

function toSharp(image: RgbaImage): Sharp {
  return sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), {
    raw: { width: image.width, height: image.height, channels: 4 },
  });
}

async function fromSharp(s: Sharp): Promise<RgbaImage> {
  const { data, info } = await s.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength) };
}

/** Defocus: Gaussian blur with sigma in px. */
export function gaussianBlur(image: RgbaImage, sigmaPx: number): Promise<RgbaImage> {
  return blurs(image, sigmaPx, null);
}

/** Camera shake: the image averaged along a line `lengthPx` long at `angleDeg` (counter-clockwise). */
export function motionBlur(image: RgbaImage, lengthPx: number, angleDeg: number): Promise<RgbaImage> {
  return blurs(image, null, { lengthPx, angleDeg });
}

/**
 * Defocus and camera shake in one libvips pipeline (one conversion in and out instead of two;
 * both are convolutions, so their order does not matter).
 */
export function blurs(image: RgbaImage, sigmaPx: number | null, motion: { lengthPx: number; angleDeg: number } | null): Promise<RgbaImage> {
  let s = toSharp(image).removeAlpha();
  if (sigmaPx !== null) s = s.blur(sigmaPx);
  if (motion) s = s.convolve(motionKernel(motion.lengthPx, motion.angleDeg));
  return fromSharp(s);
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

/** Shrinks by `scale` (area averaging) and enlarges back (bilinear): detail finer than 1/scale px is lost. */
export async function lowResolution(image: RgbaImage, scale: number): Promise<RgbaImage> {
  const w = Math.max(1, Math.round(image.width * scale)), h = Math.max(1, Math.round(image.height * scale));
  const small = await toSharp(image).removeAlpha().resize(w, h, { kernel: "linear", fit: "fill" }).raw().toBuffer();
  return fromSharp(sharp(small, { raw: { width: w, height: h, channels: 3 } }).resize(image.width, image.height, { kernel: "linear", fit: "fill" }));
}

/** JPEG encode at `quality` and decode back. */
export async function jpegRoundTrip(image: RgbaImage, quality: number): Promise<RgbaImage> {
  const bytes = await toSharp(image).removeAlpha().jpeg({ quality: Math.round(quality), chromaSubsampling: "4:2:0" }).toBuffer();
  return fromSharp(sharp(bytes));
}
