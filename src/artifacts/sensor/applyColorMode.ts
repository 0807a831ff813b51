import type { RgbaImage } from "../../render/types.js";
import { withChannels, type Pixels } from "./pixels.js";

/** Greyscale (Rec. 601 luma) or black and white (luma thresholded at `threshold`), in place. */
export function applyColorMode(image: RgbaImage, mode: "grey" | "bw", threshold: number): void {
  const d = image.data;
  for (let o = 0; o < d.length; o += 4) {
    const y = 0.299 * d[o]! + 0.587 * d[o + 1]! + 0.114 * d[o + 2]!;
    const v = mode === "grey" ? y : y < threshold ? 0 : 255;
    d[o] = d[o + 1] = d[o + 2] = v;
  }
}

/**
 * The same as grey pixels (one channel), and for "bw" thresholded at `threshold` (0 or 255):
 * the sensor chain's form of applyColorMode.
 */
export function toColorMode(px: Pixels, mode: "grey" | "bw", threshold: number): Pixels {
  const grey = withChannels(px, 1);
  if (mode === "bw") {
    const d = grey.data;
    for (let i = 0; i < d.length; i++) d[i] = d[i]! < threshold ? 0 : 255;
  }
  return grey;
}
