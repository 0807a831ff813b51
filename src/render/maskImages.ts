import { encodeGreyPng } from "./encodeGreyPng.js";

/** Index image: 8-bit, cell index + 1 of the topmost (last drawn = highest bit) trace, 0 = none. */
export function topmostCellImage(traceMask: Uint16Array): Uint8Array {
  const out = new Uint8Array(traceMask.length);
  forEachNonZero(traceMask, (i, v) => {
    out[i] = 32 - Math.clz32(v);
  });
  return out;
}

/** Calls fn for every non-zero pixel, skipping zero runs four pixels at a time. */
function forEachNonZero(mask: Uint16Array, fn: (i: number, v: number) => void): void {
  const n = mask.length;
  const quads = mask.byteOffset % 8 === 0 ? new Float64Array(mask.buffer, mask.byteOffset, n >> 2) : undefined;
  const start = quads ? quads.length * 4 : 0;
  if (quads) {
    for (let q = 0; q < quads.length; q++) {
      if (quads[q] === 0) continue;
      for (let i = q * 4; i < q * 4 + 4; i++) if (mask[i] !== 0) fn(i, mask[i]!);
    }
  }
  for (let i = start; i < n; i++) if (mask[i] !== 0) fn(i, mask[i]!);
}

/**
 * The two mask PNGs of a page from its 16-bit trace mask (bit k = layout cell k):
 * `index` (8-bit, topmost cell + 1) and `bits` (16-bit, the mask itself, so overlaps keep every cell).
 */
export function encodeMaskPngs(traceMask: Uint16Array, width: number, height: number, compressionLevel = 1): { index: Uint8Array; bits: Uint8Array } {
  return {
    index: encodeGreyPng(topmostCellImage(traceMask), width, height, compressionLevel),
    bits: encodeGreyPng(traceMask, width, height, compressionLevel),
  };
}
