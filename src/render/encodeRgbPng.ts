import { deflateSync } from "node:zlib";
import { assemblePng } from "./assemblePng.js";
import type { RgbaImage } from "./types.js";

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** Whether encodeRgbPng can take this image: 4-byte aligned pixels on a little-endian host. */
export function canEncodeRgbPng(image: RgbaImage): boolean {
  return LITTLE_ENDIAN && image.data.byteOffset % 4 === 0 && image.data.length === image.width * image.height * 4;
}

const HIGH = 0x80808080 | 0;
const LOW = 0x7f7f7f7f;

/** Byte-wise a - b (mod 256) in all four lanes of an int32 at once (SWAR: no borrow across lanes). */
function sub4(a: number, b: number): number {
  return (((a | HIGH) - (b & LOW)) ^ ((a ^ ~b) & HIGH)) | 0;
}

let scratchBuffer = new Uint8Array(0);

/**
 * Encodes an RGBA image as an 8-bit RGB PNG (alpha dropped), every row but the first with the Up
 * filter, zlib at `compressionLevel`; undefined when some pixel is not opaque (the caller then
 * keeps the alpha). A ruled page is mostly rows equal to the one above, so Up leaves long zero
 * runs that zlib level 1 packs quickly and ~25% smaller than libpng's filter None. Four pixel
 * differences are packed into three int32 stores: a byte loop spends its time on the stores.
 */
export function encodeRgbPng(image: RgbaImage, compressionLevel = 1): Uint8Array | undefined {
  const { width: W, height: H } = image;
  if (!canEncodeRgbPng(image)) throw new Error(`encodeRgbPng: needs ${W}x${H}x4 aligned bytes on a little-endian host`);
  const px = new Int32Array(image.data.buffer, image.data.byteOffset, W * H);
  const stride = W * 3 + 1;
  if (scratchBuffer.length < stride * H) scratchBuffer = new Uint8Array(stride * H);
  const raw = scratchBuffer.subarray(0, stride * H);
  const row = new Int32Array(Math.ceil((W * 3) / 4) + 1);
  const rowBytes = new Uint8Array(row.buffer, 0, W * 3);
  const groups = W >> 2;
  const RGB = 0xffffff;
  // AND of every pixel: its alpha byte is 255 only when all pixels are opaque.
  let all = -1;
  for (let y = 0; y < H; y++) {
    const s = y * W;
    if (y === 0) {
      for (let x = 0; x < W; x++) all &= px[x]!;
      for (let x = 0; x < W; x++) {
        const v = px[x]!;
        rowBytes[3 * x] = v;
        rowBytes[3 * x + 1] = v >> 8;
        rowBytes[3 * x + 2] = v >> 16;
      }
    } else {
      let x = s;
      for (let w = 0, g = 0; g < groups; g++, x += 4, w += 3) {
        const a0 = px[x]!, a1 = px[x + 1]!, a2 = px[x + 2]!, a3 = px[x + 3]!;
        all &= a0 & a1 & a2 & a3;
        const d0 = sub4(a0, px[x - W]!) & RGB;
        const d1 = sub4(a1, px[x + 1 - W]!) & RGB;
        const d2 = sub4(a2, px[x + 2 - W]!) & RGB;
        const d3 = sub4(a3, px[x + 3 - W]!) & RGB;
        row[w] = d0 | (d1 << 24);
        row[w + 1] = (d1 >>> 8) | (d2 << 16);
        row[w + 2] = (d2 >>> 16) | (d3 << 8);
      }
      for (let c = groups * 4; c < W; c++, x++) {
        all &= px[x]!;
        const v = sub4(px[x]!, px[x - W]!);
        rowBytes[3 * c] = v;
        rowBytes[3 * c + 1] = v >> 8;
        rowBytes[3 * c + 2] = v >> 16;
      }
    }
    raw[y * stride] = y === 0 ? 0 : 2;
    raw.set(rowBytes, y * stride + 1);
  }
  if (all >>> 24 !== 255) return undefined;
  return assemblePng(W, H, 8, 2, deflateSync(raw, { level: compressionLevel }));
}
