import { describe, expect, it } from "vitest";
import { Rng } from "../../util/rng.js";
import type { RgbaImage } from "../../render/types.js";
import { applyArtifacts, type AppliedArtifacts } from "../applyArtifacts.js";
import type { ArtifactOptions } from "../artifactOptions.js";
import { applyHalftone } from "../fax/applyHalftone.js";
import { layoutGlyphs } from "../handwriting/drawHandwriting.js";
import { deskBackground } from "../geometry/background.js";
import { applyVeil, glareWeight, planGlare } from "../light/applyVeil.js";
import { syntheticPage } from "./syntheticPage.js";

const record = (page: { annotation: { ecgkit: Record<string, unknown> } }) => page.annotation.ecgkit.artifacts as AppliedArtifacts;
const flat = (rgb: [number, number, number], w = 240, h = 180): RgbaImage => {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let o = 0; o < data.length; o += 4) { data[o] = rgb[0]; data[o + 1] = rgb[1]; data[o + 2] = rgb[2]; data[o + 3] = 255; }
  return { width: w, height: h, data };
};
const blackFraction = (img: RgbaImage) => { let n = 0; for (let o = 0; o < img.data.length; o += 4) if (img.data[o] === 0) n++; return n / (img.width * img.height); };

describe("fax look", () => {
  it.each(["clustered", "bayer"] as const)("halftone (%s) leaves only 0 and 255, and dot density follows the grey", (screen) => {
    const page = syntheticPage(300, 200).image;
    applyHalftone(page, screen, 60, 235);
    expect(new Set(page.data.filter((_, i) => i % 4 !== 3))).toEqual(new Set([0, 255]));
    // Thresholds spread evenly over [60, 235]: a grey at 60 + 175 * f comes out a fraction f white.
    const light = flat([200, 200, 200]), dark = flat([100, 100, 100]);
    applyHalftone(light, screen, 60, 235);
    applyHalftone(dark, screen, 60, 235);
    expect(blackFraction(light)).toBeGreaterThan(0.15);
    expect(blackFraction(light)).toBeLessThan(0.25);
    expect(blackFraction(dark)).toBeGreaterThan(0.72);
    expect(blackFraction(dark)).toBeLessThan(0.82);
    const white = flat([252, 252, 252]);
    applyHalftone(white, screen, 60, 235);
    expect(blackFraction(white)).toBe(0);
  });

  it("clustered halftone grows dots: black pixels touch other black pixels", () => {
    const img = flat([190, 190, 190]);
    applyHalftone(img, "clustered", 60, 235);
    let black = 0, lonely = 0;
    for (let row = 1; row < img.height - 1; row++) for (let col = 1; col < img.width - 1; col++) {
      const at = (r: number, c: number) => img.data[(r * img.width + c) * 4] === 0;
      if (!at(row, col)) continue;
      black++;
      if (!at(row - 1, col) && !at(row + 1, col) && !at(row, col - 1) && !at(row, col + 1)) lonely++;
    }
    expect(black).toBeGreaterThan(1000);
    expect(lonely / black).toBeLessThan(0.3);
  });

  it("scan lines: standard resolution repeats rows, dropped rows are white, streaks are black, output stays binary", async () => {
    const page = syntheticPage(400, 300);
    const opts: ArtifactOptions = {
      colorMode: { probability: 1, modes: ["bw"], threshold: [170, 170] },
      scanLines: { probability: 1, standardResolutionProbability: 1, dropped: [2, 2], doubled: [1, 1], streaks: [1, 1] },
    };
    const out = await applyArtifacts(page, opts, new Rng(8));
    const applied = record(out).applied.scanLines as { standardResolution: boolean; repeatedRowParity: number; droppedRowsAndCounts: [number, number][]; streaks: { row: number; fromCol: number; toCol: number }[] };
    expect(applied.standardResolution).toBe(true);
    const d = out.image.data, rowBytes = 400 * 4;
    const row = (r: number) => Buffer.from(d.subarray(r * rowBytes, (r + 1) * rowBytes));
    const touched = new Set<number>();
    for (const [r, n] of applied.droppedRowsAndCounts) for (let k = r; k < r + n; k++) touched.add(k);
    for (const s of applied.streaks) touched.add(s.row);
    for (const [r, n] of (record(out).applied.scanLines as { doubledRowsAndCounts: [number, number][] }).doubledRowsAndCounts) for (let k = r - 1; k < r + n + 1; k++) touched.add(k);
    let repeated = 0, checked = 0;
    for (let r = applied.repeatedRowParity; r < 300; r += 2) {
      if (touched.has(r) || touched.has(r - 1)) continue;
      checked++;
      if (row(r).equals(row(r - 1))) repeated++;
    }
    expect(checked).toBeGreaterThan(100);
    expect(repeated).toBe(checked);
    for (const [r] of applied.droppedRowsAndCounts) if (!applied.streaks.some((s) => s.row === r)) expect([...row(r)].every((v) => v === 255)).toBe(true);
    const s = applied.streaks[0]!;
    expect(d[(s.row * 400 + s.fromCol) * 4]).toBe(0);
    expect(new Set(d.filter((_, i) => i % 4 !== 3))).toEqual(new Set([0, 255]));
    expect(sameMask(out.traceMask, page.traceMask)).toBe(true);
  });
});

describe("glare and veil", () => {
  it("glare is a long band, sharper on one side than the other", () => {
    for (let seed = 0; seed < 20; seed++) {
      const { glare } = planGlare(new Rng(seed), 0.8, 2200, 1700);
      const c = Math.cos(glare.angleRad), s = Math.sin(glare.angleRad);
      const at = (u: number, v: number) => glareWeight({ ...glare, ripple: 0 }, glare.centerX + u * c - v * s, glare.centerY + u * s + v * c);
      const d = 3 * glare.acrossPx[0];
      // Three across-widths along the band it is still bright; the same distance across it is dark.
      expect(at(d, 0)).toBeGreaterThan(5 * at(0, d));
      // The two sides across the band differ.
      expect(at(0, -d)).toBeGreaterThan(2 * at(0, d));
    }
  });

  it("glare washes out ink and grid under it (toward the light's colour), not elsewhere", () => {
    const img = flat([30, 30, 30], 400, 300);
    const { glare } = planGlare(new Rng(3), 0.9, 400, 300);
    const g = { ...glare, centerX: 200, centerY: 150, ripple: 0 };
    applyVeil(img, { glare: g, veilFraction: 0, saturationFraction: 1 });
    const at = (x: number, y: number) => img.data[(y * 400 + x) * 4 + 1]!;
    // Ink at the centre moved 90% of the way to the light (about 230), not multiplied (30 * 1.9 = 57).
    expect(at(200, 150)).toBeGreaterThan(200);
    expect(at(2, 2)).toBeLessThan(40);
  });

  it("veil lifts darks and the saturation factor greys the grid's colour", () => {
    const img = flat([255, 150, 150]);
    applyVeil(img, { glare: null, veilFraction: 0.1, saturationFraction: 0.4 });
    const [r, g, b] = [img.data[0]!, img.data[1]!, img.data[2]!];
    // Luma 180.9; chroma kept 0.4: (255 - 180.9) * 0.4 + 180.9 = 210.5, then 10% toward 250.
    expect(r).toBeCloseTo(214.5, -0.5);
    expect(g).toBeCloseTo(0.9 * (180.9 + (150 - 180.9) * 0.4) + 25, -0.5);
    expect(g).toBe(b);
  });

  it("the photo preset records glare, veil and saturation when drawn, in the lighting entry", async () => {
    const page = syntheticPage(300, 220);
    const out = await applyArtifacts(page, { preset: "photo", lighting: { glareProbability: 1 } }, new Rng(4));
    const lighting = record(out).applied.lighting as Record<string, unknown>;
    expect(lighting.glare).toMatchObject({ acrossPx: expect.any(Array), alongPx: expect.any(Array) });
    expect(lighting.veilFraction).toBeGreaterThan(0);
    expect(lighting.saturationFraction).toBeLessThan(1);
  });
});

describe("photo background", () => {
  const frame = (seed: number) => {
    const bg = deskBackground(new Rng(seed), 600, 450, 400, 300);
    const img = flat([0, 0, 0], 600, 450);
    const rgb = new Float32Array(3);
    for (let row = 0; row < 450; row++) for (let col = 0; col < 600; col++) {
      bg.fn(col, row, rgb, NaN, NaN);
      const o = (row * 600 + col) * 4;
      img.data[o] = rgb[0]!; img.data[o + 1] = rgb[1]!; img.data[o + 2] = rgb[2]!;
    }
    return { img, applied: bg.applied };
  };

  it("scenes vary: table edges, other sheets and objects all occur, and are drawn where recorded", () => {
    const seen = { tableEdge: 0, otherSheet: 0, object: 0, wood: 0, fabric: 0 };
    for (let seed = 0; seed < 40; seed++) {
      const a = deskBackground(new Rng(seed), 600, 450, 400, 300).applied as Record<string, { kind?: string }>;
      for (const k of ["tableEdge", "otherSheet", "object"] as const) if (a[k]) seen[k]++;
      if (a.texture!.kind === "wood") seen.wood++;
      if (a.texture!.kind === "fabric") seen.fabric++;
    }
    for (const v of Object.values(seen)) expect(v).toBeGreaterThan(3);
    // A dark desk with another sheet: the sheet's part of the frame is bright, the desk dark.
    const seed = Array.from({ length: 200 }, (_, i) => i).find((s) => {
      const a = deskBackground(new Rng(s), 600, 450, 400, 300).applied as Record<string, unknown>;
      return a.surface === "darkDesk" && a.otherSheet && !a.tableEdge && !a.object;
    })!;
    const { img, applied } = frame(seed);
    const corners = (applied.otherSheet as { cornersYX: [number, number][] }).cornersYX;
    let inside = 0, bright = 0, outsideBright = 0, outside = 0;
    for (let row = 0; row < 450; row += 3) for (let col = 0; col < 600; col += 3) {
      const v = img.data[(row * 600 + col) * 4 + 1]!;
      if (insideQuad(corners, row + 0.5, col + 0.5, -4)) { inside++; if (v > 180) bright++; }
      else if (!insideQuad(corners, row + 0.5, col + 0.5, 4)) { outside++; if (v > 120) outsideBright++; }
    }
    expect(inside).toBeGreaterThan(100);
    expect(bright / inside).toBeGreaterThan(0.97);
    expect(outsideBright / outside).toBeLessThan(0.01);
  });

  it("wood has grain: brightness varies across the grain far more than along it", () => {
    const seed = Array.from({ length: 200 }, (_, i) => i).find((s) => {
      const a = deskBackground(new Rng(s), 600, 450, 400, 300).applied as Record<string, unknown>;
      return (a.texture as { kind: string }).kind === "wood" && !a.tableEdge && !a.otherSheet && !a.object;
    })!;
    const bg = deskBackground(new Rng(seed), 600, 450, 400, 300);
    const deg = (bg.applied.texture as { grainDeg: number }).grainDeg, t = (deg * Math.PI) / 180;
    const rgb = new Float32Array(3);
    const v = (x: number, y: number) => { bg.fn(x | 0, y | 0, rgb, NaN, NaN); return rgb[1]!; };
    let along = 0, across = 0;
    for (let k = 0; k < 400; k++) {
      const x = 150 + (k % 20) * 15, y = 120 + Math.floor(k / 20) * 10;
      // Grain runs along (cos t, sin t); rings change along the normal.
      along += Math.abs(v(x + 6 * Math.cos(t), y + 6 * Math.sin(t)) - v(x, y));
      across += Math.abs(v(x - 6 * Math.sin(t), y + 6 * Math.cos(t)) - v(x, y));
    }
    expect(across).toBeGreaterThan(1.5 * along);
  });
});

describe("paper and filing marks", () => {
  it("paper texture: sparse fibres (connected strands) and specks over the given fraction of the page, within the given contrast", async () => {
    const page = syntheticPage(400, 300);
    page.image.data.fill(250);
    const out = await applyArtifacts(page, { paperTexture: { probability: 1, strengthFraction: [0.06, 0.06], coverageFraction: [0.05, 0.05], fibreLengthPx: [12, 12] } }, new Rng(1));
    const changed = (row: number, col: number) => row >= 0 && col >= 0 && row < 300 && col < 400 && out.image.data[(row * 400 + col) * 4]! !== 250;
    let n = 0, connected = 0, beyond = 0;
    for (let row = 0; row < 300; row++) for (let col = 0; col < 400; col++) {
      if (!changed(row, col)) continue;
      n++;
      const v = out.image.data[(row * 400 + col) * 4]!;
      // A fibre changes the level by at most 1.5 strengths (twice if two cross); specks go darker.
      if (v > 250 * (1 + 0.06 * 0.8) + 1) beyond++;
      let k = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) if ((dx || dy) && changed(row + dy, col + dx)) k++;
      if (k > 0) connected++;
    }
    expect(n / (400 * 300)).toBeGreaterThan(0.025);
    expect(n / (400 * 300)).toBeLessThan(0.07);
    expect(connected / n).toBeGreaterThan(0.9);
    expect(beyond).toBe(0);
    expect(sameMask(out.traceMask, page.traceMask)).toBe(true);
    expect(record(out).applied.paperTexture).toMatchObject({ coverageFraction: 0.05, fibreLengthPx: 12 });
  });

  it("punch holes and staples are drawn inside their recorded boxes and show what lies behind", async () => {
    const page = syntheticPage(1100, 850);
    const out = await applyArtifacts(page, { binding: { probability: 1, holeProbability: 1, stapleProbability: 1 } }, new Rng(6));
    const objs = out.annotation.ecgkit.objects ?? [];
    const holes = objs.filter((o) => o.kind === "punchHole"), staples = objs.filter((o) => o.kind === "staple");
    expect(holes.length === 2 || holes.length === 4).toBe(true);
    expect(staples.length).toBe(1);
    const hole = (record(out).applied.binding as { holes: { centresYX: [number, number][]; behindLevel: number } }).holes;
    const [cy, cx] = hole.centresYX[0]!;
    expect(out.image.data[(Math.floor(cy) * 1100 + Math.floor(cx)) * 4 + 1]).toBeCloseTo(hole.behindLevel, -1.5);
    let changed = 0, outside = 0;
    // The output may be a view of a larger pooled buffer: its own bytes only.
    const words = (d: Uint8ClampedArray) => new Int32Array(d.buffer, d.byteOffset, d.length >> 2);
    const a = words(out.image.data), b = words(page.image.data);
    for (let p = 0; p < a.length; p++) {
      if (a[p] === b[p]) continue;
      const row = Math.floor(p / 1100), col = p % 1100;
      changed++;
      if (!objs.some((o) => insideQuad(o.box, row + 0.5, col + 0.5, 1))) outside++;
    }
    expect(changed).toBeGreaterThan(500);
    expect(outside).toBe(0);
    expect(sameMask(out.traceMask, page.traceMask)).toBe(true);
  });
});

describe("handwriting variation", () => {
  it("a crossed-out note records a crossout box equal to its note's box, and the kind of strike", async () => {
    const page = syntheticPage(900, 700);
    const out = await applyArtifacts(page, { handwriting: { probability: 1, notes: [3, 3], crossOutProbability: 1, circleProbability: 0 } }, new Rng(12));
    const objs = out.annotation.ecgkit.objects ?? [];
    const notes = (record(out).applied.handwriting as { notes: { text: string; crossOut: string }[] }).notes;
    expect(notes.length).toBe(3);
    for (const note of notes) {
      expect(["strike", "double", "scribble"]).toContain(note.crossOut);
      const plain = objs.find((o) => o.text === note.text)!, cross = objs.find((o) => o.text === `crossout:${note.text}`)!;
      expect(cross.box).toEqual(plain.box);
    }
  });

  it("the same letter is never drawn twice the same way: size, width, turn, shear, ink and spacing vary", () => {
    const spec = { text: "eeeeeeeeee", family: "ecgkit-caveat", sizePx: 40, slantDeg: 5, jitter: 0.03, spacing: 0.05, sizeVariation: 0.08 };
    const { glyphs } = layoutGlyphs(spec, new Rng(1));
    expect(glyphs.length).toBe(10);
    for (const key of ["scaleX", "scaleY", "rotate", "shear", "alpha", "weight", "advance"] as const) {
      const values = glyphs.map((g) => g[key]);
      expect(new Set(values).size).toBe(10);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      expect(Math.max(...values.map((v) => Math.abs(v - mean)))).toBeGreaterThan(key === "rotate" || key === "shear" ? 0.02 : 0.01 * Math.abs(mean));
    }
    // Without size variation every letter keeps the font size (the option does what it says).
    const steady = layoutGlyphs({ ...spec, sizeVariation: 0 }, new Rng(1)).glyphs;
    expect(steady.every((g) => g.scaleY === 1)).toBe(true);
  });
});

/** Byte equality (toEqual on a million-element typed array takes seconds). */
function sameMask(a: Uint16Array, b: Uint16Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/** Point (y, x) inside a convex quad of [y, x] corners (either winding), grown by `marginPx`. */
function insideQuad(q: [number, number][], y: number, x: number, marginPx: number): boolean {
  let sign = 0;
  for (let i = 0; i < 4; i++) {
    const [ay, ax] = q[i]!, [by, bx] = q[(i + 1) % 4]!;
    sign += (bx - ax) * (q[(i + 2) % 4]![0] - ay) - (by - ay) * (q[(i + 2) % 4]![1] - ax) > 0 ? 1 : -1;
  }
  const s = sign > 0 ? 1 : -1;
  for (let i = 0; i < 4; i++) {
    const [ay, ax] = q[i]!, [by, bx] = q[(i + 1) % 4]!;
    const cross = s * ((bx - ax) * (y - ay) - (by - ay) * (x - ax));
    if (cross / Math.hypot(bx - ax, by - ay) < -marginPx) return false;
  }
  return true;
}
