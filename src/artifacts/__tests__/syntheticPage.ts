import type { LeadAnnotation, Quad, RenderedPage } from "../../render/types.js";

/**
 * A page drawn here, independently of the renderer: pink 1 mm grid at 200 dpi and `leads`
 * sine-and-spike traces drawn as 3 px wide lines, with their plotted points and mask bits.
 */
export function syntheticPage(width = 1100, height = 850, leads = 3): RenderedPage {
  const data = new Uint8ClampedArray(width * height * 4);
  const mask = new Uint16Array(width * height);
  const pxPerMm = 200 / 25.4;
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const o = (row * width + col) * 4;
      const onMajor = Math.abs(((col / pxPerMm) % 5)) < 0.13 || Math.abs(((row / pxPerMm) % 5)) < 0.13;
      const onMinor = Math.abs(((col / pxPerMm) % 1)) < 0.13 || Math.abs(((row / pxPerMm) % 1)) < 0.13;
      const v = onMajor ? 170 : onMinor ? 220 : 255;
      data[o] = 255; data[o + 1] = v; data[o + 2] = v; data[o + 3] = 255;
    }
  }
  const annotations: LeadAnnotation[] = [];
  const rowHeight = height / (leads + 1);
  for (let cell = 0; cell < leads; cell++) {
    const baseline = rowHeight * (cell + 1);
    const points: [number, number][] = [];
    const x0 = 60, x1 = width - 60;
    for (let i = 0; x0 + i * 2 < x1; i++) {
      const x = x0 + i * 2;
      const spike = Math.abs((i % 80) - 40) < 3 ? -(3 - Math.abs((i % 80) - 40)) * 25 : 0;
      points.push([baseline + 20 * Math.sin(i / (9 + cell)) + spike, x]);
    }
    for (let i = 1; i < points.length; i++) drawSegment(data, mask, width, height, points[i - 1]!, points[i]!, cell);
    const box: Quad = [[baseline - 90, x0], [baseline - 90, x1], [baseline + 40, x1], [baseline + 40, x0]];
    annotations.push({
      lead_name: ["I", "II", "III", "aVR"][cell % 4]!, cell, start_sample: 0, end_sample: points.length,
      plotted_pixels: points, lead_bounding_box: box,
      text_bounding_box: [[baseline - 40, 20], [baseline - 40, 50], [baseline - 20, 50], [baseline - 20, 20]],
    });
  }
  return {
    image: { width, height, data },
    traceMask: mask,
    annotation: {
      sampling_frequency: 500, width, height, x_grid: 5 * pxPerMm, y_grid: 5 * pxPerMm, resolution: 200, pad_inches: 0,
      leads: annotations, ecgkit: { objects: [] },
    },
  };
}

function drawSegment(data: Uint8ClampedArray, mask: Uint16Array, width: number, height: number, a: [number, number], b: [number, number], cell: number): void {
  const steps = Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) * 2) + 1;
  for (let s = 0; s <= steps; s++) {
    const y = a[0] + ((b[0] - a[0]) * s) / steps, x = a[1] + ((b[1] - a[1]) * s) / steps;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
      const col = Math.floor(x) + dx, row = Math.floor(y) + dy;
      if (col < 0 || row < 0 || col >= width || row >= height) continue;
      if (Math.hypot(col + 0.5 - x, row + 0.5 - y) > 1.5) continue;
      const o = (row * width + col) * 4;
      data[o] = 20; data[o + 1] = 20; data[o + 2] = 30;
      mask[row * width + col] |= 1 << cell;
    }
  }
}
