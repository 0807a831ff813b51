import { encodeGreyPng } from "./encodeGreyPng.js";

/**
 * One pass over the trace mask: writes the index image into `out` (8-bit, cell index + 1 of the
 * topmost = last drawn = highest bit trace, 0 = none; `out` must be zero) and returns the pixels
 * where two or more traces overlap as [row, col, bits] (bit k = cell k). Zero runs are skipped
 * four pixels at a time through a float64 view (masks are mostly empty).
 */
function scanMask(traceMask: Uint16Array, width: number, out: Uint8Array): [number, number, number][] {
  const overlaps: [number, number, number][] = [];
  const n = traceMask.length;
  const visit = (i: number) => {
    const v = traceMask[i]!;
    if (v === 0) return;
    out[i] = 32 - Math.clz32(v);
    if (v & (v - 1)) overlaps.push([Math.floor(i / width), i % width, v]);
  };
  const quads = traceMask.byteOffset % 8 === 0 ? new Float64Array(traceMask.buffer, traceMask.byteOffset, n >> 2) : new Float64Array(0);
  for (let q = 0; q < quads.length; q++) if (quads[q] !== 0) for (let i = q * 4; i < q * 4 + 4; i++) visit(i);
  for (let i = quads.length * 4; i < n; i++) visit(i);
  return overlaps;
}

/** Index image: 8-bit, cell index + 1 of the topmost trace, 0 = none. */
export function topmostCellImage(traceMask: Uint16Array): Uint8Array {
  const out = new Uint8Array(traceMask.length);
  scanMask(traceMask, 1, out);
  return out;
}

/**
 * Pixels where two or more traces overlap, as [row, col, bits] (bit k = cell k): with the index
 * image they give every cell's exact mask. Usually a few hundred pixels at most.
 */
export function maskOverlaps(traceMask: Uint16Array, width: number): [number, number, number][] {
  return scanMask(traceMask, width, new Uint8Array(traceMask.length));
}

let indexScratch = new Uint8Array(0);

/**
 * The mask PNGs of a page from its 16-bit trace mask, from one scan of it: `index` (8-bit,
 * topmost cell + 1), when asked `bits` (16-bit, the mask itself), and the `overlaps` list.
 */
export function encodeMaskPngs(traceMask: Uint16Array, width: number, height: number, withBits: boolean, compressionLevel = 1): { index: Uint8Array; bits?: Uint8Array; overlaps: [number, number, number][] } {
  // A reused buffer: a fresh 4 MB array per page is mostly page faults and GC pressure.
  if (indexScratch.length < traceMask.length) indexScratch = new Uint8Array(traceMask.length);
  const index = indexScratch.subarray(0, traceMask.length);
  index.fill(0);
  const overlaps = scanMask(traceMask, width, index);
  return {
    index: encodeGreyPng(index, width, height, compressionLevel),
    bits: withBits ? encodeGreyPng(traceMask, width, height, compressionLevel) : undefined,
    overlaps,
  };
}
