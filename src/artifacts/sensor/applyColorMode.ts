import type { RgbaImage } from "../../render/types.js";

/** Greyscale (Rec. 601 luma) or black and white (luma thresholded at `threshold`), in place. */
export function applyColorMode(image: RgbaImage, mode: "grey" | "bw", threshold: number): void {
  const d = image.data;
  for (let o = 0; o < d.length; o += 4) {
    const y = 0.299 * d[o]! + 0.587 * d[o + 1]! + 0.114 * d[o + 2]!;
    const v = mode === "grey" ? y : y < threshold ? 0 : 255;
    d[o] = d[o + 1] = d[o + 2] = v;
  }
}
