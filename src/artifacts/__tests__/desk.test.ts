import { describe, expect, it } from "vitest";
import { Rng } from "../../util/rng.js";
import { deskBackground } from "../geometry/background.js";

describe("desk background", () => {
  it("cells drawn a row at a time (integers) give what the same pixels give one by one (floats) within 2 levels: scene, shadow near and far from the page", () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const desk = deskBackground(new Rng(seed), 900, 700, 800, 600);
      const n = 37, words = new Int32Array(1000), one = new Float32Array(3);
      // Runs beside the page (its shadow falls there), far from it, and with no page point (curled away).
      for (const [y, x0, pageX, pageY, dPageX, dPageY] of [[40.5, 3.5, -60, 30, 0.98, 0.03], [300.5, 850.5, 812, 250, 1.01, -0.02], [650.5, 100.5, 150, 640, 1, 0], [5.5, 400.5, 420, -300, 1, 0], [200.5, 10.5, NaN, NaN, 1, 0]] as const) {
        // Two adjacent cells (one stretch), the second continuing the first's page points.
        desk.cells(y, 2, Int32Array.of(x0 - 0.5, x0 - 0.5 + 20), Int32Array.of(20, n - 20), Float64Array.of(pageX, pageY, dPageX, dPageY, pageX + 20 * dPageX, pageY + 20 * dPageY, dPageX, dPageY), words);
        let worst = 0;
        for (let k = 0; k < n; k++) {
          desk.fn(x0 + k, y, one, pageX + dPageX * k, pageY + dPageY * k);
          for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(one[c]! - ((words[x0 - 0.5 + k]! >> (8 * c)) & 255)));
        }
        expect(worst).toBeLessThanOrEqual(2);
      }
    }
  });

  it("the page's shadow darkens the desk by 1 - depth exp(-d / softness) at distance d from the (offset) page, and not at all far from it", () => {
    for (const seed of [7, 8, 9]) {
      const desk = deskBackground(new Rng(seed), 900, 700, 800, 600);
      const depth = desk.applied.shadowDepthFraction as number;
      const soft = desk.applied.shadowSoftnessPx as number, [oy, ox] = desk.applied.shadowOffsetYX as [number, number];
      const near = new Float32Array(3), far = new Float32Array(3), none = new Float32Array(3);
      // The same frame point, as if the page ended 3 px away (left of it), 400 px away, or was not there.
      desk.fn(450.5, 350.5, near, ox - 3, oy + 300);
      desk.fn(450.5, 350.5, far, ox - 400, oy + 300);
      desk.fn(450.5, 350.5, none, NaN, NaN);
      expect(far[0]).toBeCloseTo(none[0]!, 6);
      // Applied values are rounded to 4 decimals; the falloff is tabulated every 1/64 of the softness.
      expect(Math.abs(near[0]! / none[0]! - (1 - depth * Math.exp(-3 / soft)))).toBeLessThan(0.01);
    }
  });
});
