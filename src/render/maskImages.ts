import { encodeGreyPng } from "./encodeGreyPng.js";

/**
 * Index image: 8-bit, cell index + 1 of the topmost (last drawn = highest bit) trace, 0 = none.
 * Zero runs are skipped four pixels at a time through a float64 view (masks are mostly empty).
 */
export function topmostCellImage(traceMask: Uint16Array): Uint8Array {
  const n = traceMask.length;
  const out = new Uint8Array(n);
  const quads = traceMask.byteOffset % 8 === 0 ? new Float64Array(traceMask.buffer, traceMask.byteOffset, n >> 2) : new Float64Array(0);
  for (let q = 0; q < quads.length; q++) {
    if (quads[q] === 0) continue;
    for (let i = q * 4; i < q * 4 + 4; i++) {
      const v = traceMask[i]!;
      if (v !== 0) out[i] = 32 - Math.clz32(v);
    }
  }
  for (let i = quads.length * 4; i < n; i++) {
    const v = traceMask[i]!;
    if (v !== 0) out[i] = 32 - Math.clz32(v);
  }
  return out;
}

/**
 * Pixels where two or more traces overlap, as [row, col, bits] (bit k = cell k): with the index
 * image they give every cell's exact mask. Usually a few hundred pixels at most.
 */
export function maskOverlaps(traceMask: Uint16Array, width: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  const n = traceMask.length;
  const quads = traceMask.byteOffset % 8 === 0 ? new Float64Array(traceMask.buffer, traceMask.byteOffset, n >> 2) : new Float64Array(0);
  const visit = (i: number) => {
    const v = traceMask[i]!;
    if (v & (v - 1)) out.push([Math.floor(i / width), i % width, v]);
  };
  for (let q = 0; q < quads.length; q++) if (quads[q] !== 0) for (let i = q * 4; i < q * 4 + 4; i++) visit(i);
  for (let i = quads.length * 4; i < n; i++) visit(i);
  return out;
}

/**
 * The mask PNGs of a page from its 16-bit trace mask: `index` (8-bit, topmost cell + 1) and,
 * when asked, `bits` (16-bit, the mask itself).
 */
export function encodeMaskPngs(traceMask: Uint16Array, width: number, height: number, withBits: boolean, compressionLevel = 1): { index: Uint8Array; bits?: Uint8Array } {
  return {
    index: encodeGreyPng(topmostCellImage(traceMask), width, height, compressionLevel),
    bits: withBits ? encodeGreyPng(traceMask, width, height, compressionLevel) : undefined,
  };
}
