import { createCanvas } from "@napi-rs/canvas";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { imagePlanes } from "../imagePlanes.js";
import { strokeCentreLine } from "../strokeCentreLine.js";
import { polylineAt, traceRow } from "../traceRow.js";

const W = 400;
const H = 300;
const BASE = 200;

/** An anti-aliased 3 px black polyline on white (as plotting libraries draw traces) and its ink planes. */
function drawn(points: [number, number][], lineWidth = 3) {
  const canvas = createCanvas(W, H);
  const g = canvas.getContext("2d");
  g.fillStyle = "#fff";
  g.fillRect(0, 0, W, H);
  g.strokeStyle = "#000";
  g.lineWidth = lineWidth;
  g.lineJoin = "round";
  // Matplotlib's default: the stroke projects half its width past the end points.
  g.lineCap = "square";
  g.beginPath();
  points.forEach(([x, y], i) => (i ? g.lineTo(x, y) : g.moveTo(x, y)));
  g.stroke();
  const data = new Uint8ClampedArray(g.getImageData(0, 0, W, H).data);
  const planes = imagePlanes({ width: W, height: H, data });
  const mask = planes.ink.map((v) => (v >= 60 ? 1 : 0));
  return { planes, mask };
}

/** Where the drawn polyline is at x (it is a function of x). */
function truthAt(points: [number, number][], x: number): number {
  for (let i = 0; i + 1 < points.length; i++) {
    const [x0, y0] = points[i]!;
    const [x1, y1] = points[i + 1]!;
    if (x >= x0 && x <= x1) return y0 + ((x - x0) / (x1 - x0)) * (y1 - y0);
  }
  return NaN;
}

function rmsError(xs: Float64Array, ys: Float64Array, points: [number, number][], from: number, to: number): number {
  let s = 0;
  let k = 0;
  for (let x = from; x <= to; x += 0.1) {
    const e = polylineAt(xs, ys, x) - truthAt(points, x);
    s += e * e;
    k++;
  }
  return Math.sqrt(s / k);
}

// A QRS-like complex sampled as a plotter draws it (0.39 px per sample, 500 Hz at 200 dpi): an R
// wave 120 px tall and 1.6 px wide (sigma), then an S wave 40 px deep.
const QRS: [number, number][] = [];
for (let x = 20; x <= 380; x += 0.3937) QRS.push([x, BASE - 120 * Math.exp(-(((x - 150) / 1.6) ** 2) / 2) + 40 * Math.exp(-(((x - 153.5) / 1.2) ** 2) / 2)]);

describe("strokeCentreLine", () => {
  const { planes, mask } = drawn(QRS);
  const tr = traceRow(mask, planes.ink, W, { baseline: BASE, top: 0, bottom: H, left: 10, right: 390, pxPerMmY: 8, spacingPx: 200 });

  it("reads steep strokes far closer than per-column centroids with extremes at peaks (the reader before)", () => {
    // Ramps from one level stretch to another, as a QRS flank: measured 0.17 and 0.16 px rms here,
    // 0.80 and 0.46 px with the reader before.
    for (const [dx, dy] of [[8.6, -103], [15.7, 109]] as const) {
      const pts: [number, number][] = [[20, 150.3], [150, 150.3], [150 + dx, 150.3 + dy], [380, 150.3 + dy]];
      const d = drawn(pts);
      const t = traceRow(d.mask, d.planes.ink, W, { baseline: 150, top: 0, bottom: H, left: 10, right: 390, pxPerMmY: 8, spacingPx: 200 });
      expect(rmsError(t.xs, t.ys, pts, 152, 148 + dx)).toBeLessThan(0.3);
    }
  });

  it("reads level stretches at the stroke's centre to a tenth of a pixel, and a narrow spike's tips within 2 px", () => {
    for (const x of [60.5, 100.2, 250.7, 330]) expect(Math.abs(polylineAt(tr.xs, tr.ys, x) - BASE)).toBeLessThan(0.1);
    const top = Math.min(...tr.ys);
    const bottom = Math.max(...tr.ys);
    // The R wave is about as wide as the 3 px stroke: its tip reads within 2 px (1.7 measured).
    expect(Math.abs(top - Math.min(...QRS.map((p) => p[1])))).toBeLessThan(2);
    expect(Math.abs(bottom - Math.max(...QRS.map((p) => p[1])))).toBeLessThan(2);
  });

  it("finds the stroke's ends to a fraction of a pixel (its cap reaches half a stroke past them)", () => {
    // The path begins at x = 20 and ends at 380; the traced columns are [10, 390).
    const line = strokeCentreLine(tr.runTop, tr.runBottom, planes.ink, { left: tr.left, width: W });
    expect(line.halfStrokePx).toBeGreaterThan(1.2);
    expect(line.halfStrokePx).toBeLessThan(1.8);
    expect(Math.abs(line.startX - 20)).toBeLessThan(0.35);
    expect(Math.abs(line.endX - 380)).toBeLessThan(0.35);
  });

  it("follows a low-amplitude wiggle (about a stroke width peak to peak) to a fraction of a pixel", () => {
    const pts: [number, number][] = [];
    for (let x = 20; x <= 380; x += 0.4) pts.push([x, BASE + 1.6 * Math.sin((2 * Math.PI * x) / 9)]);
    const d = drawn(pts);
    const t = traceRow(d.mask, d.planes.ink, W, { baseline: BASE, top: 0, bottom: H, left: 10, right: 390, pxPerMmY: 8, spacingPx: 200 });
    // The wiggle's rms is 1.13 px; reading it as a flat line would be off by that much (0.14 px measured).
    expect(rmsError(t.xs, t.ys, pts, 40, 360)).toBeLessThan(0.45);
  });

  it("reads any ramp between two level stretches to within a small fraction of its height change", () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 300 }), fc.integer({ min: -110, max: 110 }), fc.integer({ min: 0, max: 9 }), (dx10, dy, phase10) => {
        const dx = dx10 / 10;
        const phase = phase10 / 10;
        const x0 = 150 + phase;
        const pts: [number, number][] = [[20, 150.3], [x0, 150.3], [x0 + dx, 150.3 + dy], [380, 150.3 + dy]];
        const d = drawn(pts);
        const t = traceRow(d.mask, d.planes.ink, W, { baseline: 150, top: 0, bottom: H, left: 10, right: 390, pxPerMmY: 8, spacingPx: 200 });
        // Away from the bends (a stroke's width around them), the error stays under 0.3 px plus
        // 0.04 px of sideways misplacement times the slope.
        const err = rmsError(t.xs, t.ys, pts, x0 + 2, x0 + dx - 2);
        const slope = Math.abs(dy / dx);
        if (dx > 5) expect(err).toBeLessThan(0.3 + 0.04 * slope);
        expect(rmsError(t.xs, t.ys, pts, 40, x0 - 3)).toBeLessThan(0.1);
      }),
      { numRuns: 25, seed: 7 },
    );
  });
});
