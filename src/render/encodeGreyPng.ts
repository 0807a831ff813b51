import { constants, deflateSync } from "node:zlib";
import { assemblePng } from "./assemblePng.js";

let scratchBuffer = new Uint8Array(0);

/** A zeroed scratch buffer reused between calls: fresh 10 MB buffers per page cost page faults and GC. */
function scratch(n: number): Uint8Array {
  if (scratchBuffer.length < n) scratchBuffer = new Uint8Array(n);
  const b = scratchBuffer.subarray(0, n);
  b.fill(0);
  return b;
}

/**
 * Encodes a one-channel image as a greyscale PNG, 8-bit (Uint8Array) or 16-bit (Uint16Array).
 * Written here because sharp turns 16-bit raw input into 8 bits; masks are mostly zero, so
 * filter "none" plus zlib's run-length strategy compresses them to a few tens of kB quickly.
 */
export function encodeGreyPng(pixels: Uint8Array | Uint16Array, width: number, height: number, compressionLevel = 6): Uint8Array {
  const bytesPerPixel = pixels instanceof Uint16Array ? 2 : 1;
  if (pixels.length !== width * height) throw new Error(`encodeGreyPng: ${pixels.length} pixels for ${width}x${height}`);
  const stride = width * bytesPerPixel + 1;
  const raw = scratch(stride * height);
  if (bytesPerPixel === 1) {
    for (let row = 0; row < height; row++) raw.set((pixels as Uint8Array).subarray(row * width, (row + 1) * width), row * stride + 1);
  } else {
    // Masks are mostly zero: visit only non-zero pixels, four at a time through a float64 view.
    const src = pixels as Uint16Array;
    const put = (i: number) => {
      const v = src[i]!;
      if (v === 0) return;
      const row = Math.floor(i / width);
      const o = row * stride + 1 + 2 * (i - row * width);
      raw[o] = v >> 8;
      raw[o + 1] = v & 255;
    };
    const quads = src.byteOffset % 8 === 0 ? new Float64Array(src.buffer, src.byteOffset, src.length >> 2) : new Float64Array(0);
    for (let q = 0; q < quads.length; q++) if (quads[q] !== 0) for (let i = q * 4; i < q * 4 + 4; i++) put(i);
    for (let i = quads.length * 4; i < src.length; i++) put(i);
  }
  return assemblePng(width, height, bytesPerPixel * 8, 0, deflateSync(raw, { level: compressionLevel, strategy: constants.Z_RLE }));
}
