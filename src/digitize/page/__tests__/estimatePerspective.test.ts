import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { homographyFromPoints, multiplyHomographies, type XY } from "../../../artifacts/geometry/homography.js";
import { homographyFromVanishingPoints } from "../estimatePerspective.js";
import { symmetricEigen3 } from "../symmetricEigen3.js";

describe("homographyFromVanishingPoints", () => {
  it("turns any mild page view back into an axis-aligned affine map (property)", () => {
    const corner = fc.double({ min: -0.15, max: 0.15, noNaN: true });
    fc.assert(
      fc.property(fc.array(corner, { minLength: 8, maxLength: 8 }), (d) => {
        // Page [-1, 1]^2 seen with each corner moved by up to 15 % (normalised coordinates).
        const src: XY[] = [[-1, -1], [1, -1], [1, 1], [-1, 1]];
        const dst = src.map(([x, y], i) => [x + d[2 * i]!, y + d[2 * i + 1]!] as XY);
        const H = homographyFromPoints(src, dst);
        const vh: [number, number, number] = [H[0], H[3], H[6]];
        const vv: [number, number, number] = [H[1], H[4], H[7]];
        const R = homographyFromVanishingPoints(vh, vv);
        expect(R).not.toBeNull();
        const T = multiplyHomographies(R!, H);
        // No projective part left, and page x stays on the x axis, page y on the y axis.
        expect(Math.abs(T[6]) + Math.abs(T[7])).toBeLessThan(1e-9);
        expect(Math.abs(T[3] / T[0])).toBeLessThan(1e-9);
        expect(Math.abs(T[1] / T[4])).toBeLessThan(1e-9);
        expect(T[0]).toBeGreaterThan(0);
        expect(T[4]).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });

  it("refuses a vanishing line through the image", () => {
    expect(homographyFromVanishingPoints([0.5, 0, 1], [0, 0.5, 1])).toBeNull();
  });
});

describe("symmetricEigen3", () => {
  it("diagonalises a symmetric matrix: A v = lambda v for each pair", () => {
    const m = [4, 1, 2, 1, 3, 0.5, 2, 0.5, 5];
    const { values, vectors } = symmetricEigen3(m);
    for (let k = 0; k < 3; k++) {
      const v = vectors[k]!;
      for (let i = 0; i < 3; i++) {
        const av = m[i * 3]! * v[0] + m[i * 3 + 1]! * v[1] + m[i * 3 + 2]! * v[2];
        expect(av).toBeCloseTo(values[k]! * v[i]!, 9);
      }
    }
    expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(12, 9);
  });
});
