import type { RenderedPage } from "../../render/types.js";

/** Per plotted point inside the image: is the pixel containing it in its cell's mask, and is ink within 1 px? */
export function traceCheck(page: RenderedPage): { points: number; masked: number; inked: number } {
  const { width, height, data } = page.image;
  let points = 0, masked = 0, inked = 0;
  for (const lead of page.annotation.leads) {
    for (const [y, x] of lead.plotted_pixels) {
      const col = Math.floor(x), row = Math.floor(y);
      if (col < 1 || row < 1 || col >= width - 1 || row >= height - 1) continue;
      points++;
      if (page.traceMask[row * width + col]! & (1 << lead.cell)) masked++;
      let darkest = 255;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
        const c = col + dx, r = row + dy;
        if (Math.hypot(c + 0.5 - x, r + 0.5 - y) > 1) continue;
        const o = (r * width + c) * 4;
        darkest = Math.min(darkest, (data[o]! + data[o + 1]! + data[o + 2]!) / 3);
      }
      if (darkest < 110) inked++;
    }
  }
  return { points, masked, inked };
}
