import sharp from "sharp";
import { ImageError } from "../errors.js";
import type { RgbaImage } from "../render/types.js";
import { writeFileAtomic } from "./atomicWrite.js";
import { decodeBmp, isBmp } from "./decodeBmp.js";
import { open, readFile } from "node:fs/promises";

/** Largest image accepted, in pixels (a 600-dpi A4 page is about 35 Mpx). */
export const MAX_IMAGE_PIXELS = 120_000_000;

/**
 * Decodes PNG, JPEG, BMP, TIFF, WebP, GIF from a path or bytes into RGBA.
 * `label` names the input in errors (defaults to the path).
 */
export async function readImage(input: string | Uint8Array, label?: string): Promise<RgbaImage> {
  const name = label ?? (typeof input === "string" ? input : "image");
  if (typeof input !== "string" && input.byteLength === 0) throw new ImageError(name, "the file is empty");
  if (typeof input === "string" ? await startsWithBm(input) : isBmp(input)) {
    return decodeBmp(typeof input === "string" ? await readFile(input) : input, name);
  }
  try {
    const { data, info } = await sharp(input, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: "error" })
      .rotate()
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength) };
  } catch (err) {
    const msg = (err as Error).message;
    if (/ENOENT|no such file/i.test(msg)) throw new ImageError(name, "no such file");
    if (/unsupported image format|Input buffer contains unsupported|bad seek|Input file contains unsupported/i.test(msg)) {
      throw new ImageError(name, "not an image in a supported format (PNG, JPEG, BMP, TIFF, WebP)");
    }
    throw new ImageError(name, `cannot decode image: ${msg}`);
  }
}

async function startsWithBm(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch {
    return false;
  }
  try {
    const head = new Uint8Array(26);
    const { bytesRead } = await handle.read(head, 0, 26, 0);
    return bytesRead === 26 && isBmp(head);
  } finally {
    await handle.close();
  }
}

/** Encodes RGBA as PNG bytes. compressionLevel 0-9 (default 6). */
export async function encodePng(image: RgbaImage, compressionLevel = 6): Promise<Buffer> {
  return sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), {
    raw: { width: image.width, height: image.height, channels: 4 },
  })
    .png({ compressionLevel })
    .toBuffer();
}

export async function writePng(path: string, image: RgbaImage, compressionLevel = 6): Promise<void> {
  await writeFileAtomic(path, await encodePng(image, compressionLevel));
}
