import type { RgbaImage } from "../render/types.js";

/** Two darkness planes of an RGBA image, 0 (white) to 255 (black), row-major. */
export interface ImagePlanes {
  width: number;
  height: number;
  /**
   * 255 - max(R, G, B) - (max - min) / 2: high only where every channel is dark and the colour is
   * grey (trace ink); coloured grid lines, even dark or noisy ones, stay low.
   */
  ink: Uint8Array;
  /** 255 - min(R, G, B): high wherever any channel is dark (grid lines of any colour, and ink). */
  any: Uint8Array;
}

/** Splits an image into the darkness planes the digitizer works on; alpha is composited on white. */
export function imagePlanes(image: RgbaImage): ImagePlanes {
  const n = image.width * image.height;
  const ink = new Uint8Array(n);
  const any = new Uint8Array(n);
  const d = image.data;
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    const a = d[j + 3]!;
    let r = d[j]!;
    let g = d[j + 1]!;
    let b = d[j + 2]!;
    if (a !== 255) {
      const w = 255 - a;
      r = (r * a + 255 * w) / 255;
      g = (g * a + 255 * w) / 255;
      b = (b * a + 255 * w) / 255;
    }
    const mx = r > g ? (r > b ? r : b) : g > b ? g : b;
    const mn = r < g ? (r < b ? r : b) : g < b ? g : b;
    const v = 255 - mx - (mx - mn) / 2;
    ink[i] = v > 0 ? v : 0;
    any[i] = 255 - mn;
  }
  return { width: image.width, height: image.height, ink, any };
}
