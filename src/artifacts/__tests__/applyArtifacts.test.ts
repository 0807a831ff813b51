import { describe, expect, it } from "vitest";
import { Rng } from "../../util/rng.js";
import { OptionError } from "../../errors.js";
import type { Quad } from "../../render/types.js";
import { applyArtifacts, type AppliedArtifacts } from "../applyArtifacts.js";
import { ARTIFACT_NAMES, type ArtifactOptions } from "../artifactOptions.js";
import { resolveArtifactOptions } from "../resolveArtifactOptions.js";
import { syntheticPage } from "./syntheticPage.js";

const record = (page: { annotation: { ecgkit: Record<string, unknown> } }) => page.annotation.ecgkit.artifacts as AppliedArtifacts;

describe("applyArtifacts", () => {
  it("clean leaves pixels, mask and truth identical, and says so", async () => {
    const page = syntheticPage(400, 300);
    const out = await applyArtifacts(page, { preset: "clean" }, new Rng(1));
    expect(Buffer.from(out.image.data).equals(Buffer.from(page.image.data))).toBe(true);
    expect(out.traceMask).toEqual(page.traceMask);
    expect(out.annotation.leads).toEqual(page.annotation.leads);
    expect(record(out)).toEqual({ preset: "clean", applied: {}, warnings: [] });
  });

  it("same seed gives the same bytes; another seed does not", async () => {
    const page = syntheticPage(500, 380);
    const a = await applyArtifacts(page, { preset: "photo", handwriting: { probability: 1 } }, new Rng("s"));
    const b = await applyArtifacts(page, { preset: "photo", handwriting: { probability: 1 } }, new Rng("s"));
    const c = await applyArtifacts(page, { preset: "photo", handwriting: { probability: 1 } }, new Rng("t"));
    expect(Buffer.from(a.image.data).equals(Buffer.from(b.image.data))).toBe(true);
    expect(Buffer.from(a.traceMask.buffer).equals(Buffer.from(b.traceMask.buffer))).toBe(true);
    expect(JSON.stringify(a.annotation)).toBe(JSON.stringify(b.annotation));
    expect(Buffer.from(a.image.data).equals(Buffer.from(c.image.data))).toBe(false);
  });

  it("does not modify the input page", async () => {
    const page = syntheticPage(300, 200);
    const before = Buffer.from(page.image.data);
    const leads = JSON.stringify(page.annotation.leads);
    await applyArtifacts(page, { preset: "random", rotation: { probability: 1 }, noise: { probability: 1 } }, new Rng(3));
    expect(Buffer.from(page.image.data).equals(before)).toBe(true);
    expect(JSON.stringify(page.annotation.leads)).toBe(leads);
  });

  it("switching one artifact on does not change another's parameters", async () => {
    const page = syntheticPage(300, 200);
    const alone = await applyArtifacts(page, { rotation: { probability: 1 } }, new Rng(5));
    const more = await applyArtifacts(page, { rotation: { probability: 1 }, noise: { probability: 1 }, handwriting: { probability: 1 } }, new Rng(5));
    expect(record(more).applied.rotation).toEqual(record(alone).applied.rotation);
    expect(record(more).applied.noise).toBeDefined();
  });

  it.each(ARTIFACT_NAMES)("%s alone is applied, recorded, and keeps image, mask and annotation sizes in step", async (name) => {
    const page = syntheticPage(320, 240);
    const out = await applyArtifacts(page, { [name]: { probability: 1 } } as ArtifactOptions, new Rng(11));
    expect(Object.keys(record(out).applied)).toEqual([name]);
    expect(out.image.data.length).toBe(out.image.width * out.image.height * 4);
    expect(out.traceMask.length).toBe(out.image.width * out.image.height);
    expect([out.annotation.width, out.annotation.height]).toEqual([out.image.width, out.image.height]);
    expect(JSON.parse(JSON.stringify(record(out)))).toEqual(record(out));
  });

  it("handwriting: every inked pixel lies in a recorded handwriting box; the mask is untouched", async () => {
    const page = syntheticPage(900, 700);
    const opts = { handwriting: { probability: 1, notes: [4, 4], circleProbability: 1, arrowProbability: 1, underlineProbability: 1, angleDeg: [-20, 20], crossOutProbability: 0, overwriteProbability: 1, sizeVariationFraction: [0.15, 0.15], spacingFraction: [-0.1, 0.3], slantDeg: [-20, 25] } } as ArtifactOptions;
    const out = await applyArtifacts(page, opts, new Rng(2));
    const boxes = (out.annotation.ecgkit.objects ?? []).filter((o) => o.kind === "handwriting");
    expect(boxes.length).toBe(5);
    expect(out.traceMask).toEqual(page.traceMask);
    let changed = 0, outside = 0;
    for (let row = 0; row < 700; row++) for (let col = 0; col < 900; col++) {
      const o = (row * 900 + col) * 4;
      if (Math.abs(out.image.data[o]! - page.image.data[o]!) + Math.abs(out.image.data[o + 2]! - page.image.data[o + 2]!) < 8) continue;
      changed++;
      if (!boxes.some((b) => inQuad(b.box, row + 0.5, col + 0.5, 1))) outside++;
    }
    expect(changed).toBeGreaterThan(500);
    expect(outside).toBe(0);
  });

  it("stains are recorded as objects and leave the mask where the trace is", async () => {
    const page = syntheticPage(600, 400);
    const out = await applyArtifacts(page, { stains: { probability: 1, count: [2, 2], opacity: [0.9, 1] } }, new Rng(4));
    expect((out.annotation.ecgkit.objects ?? []).filter((o) => o.kind === "stain").length).toBe(2);
    expect(out.traceMask).toEqual(page.traceMask);
  });
});

describe("resolveArtifactOptions", () => {
  it("merges preset and overrides field by field", () => {
    const o = resolveArtifactOptions({ preset: "photo", rotation: { angleDeg: [1, 2] }, jpeg: { quality: 40 } });
    expect(o.rotation).toEqual({ probability: 1, angleDeg: [1, 2] });
    expect(o.jpeg.quality).toEqual([40, 40]);
    expect(o.jpeg.probability).toBe(0.9);
    expect(o.noise.probability).toBe(1);
  });

  it("names the option that is wrong", () => {
    expect(() => resolveArtifactOptions({ preset: "blurry" })).toThrow(/artifacts\.preset.*clean, scan, fax, photo, random/);
    expect(() => resolveArtifactOptions({ rotaton: {} })).toThrow(OptionError);
    expect(() => resolveArtifactOptions({ rotation: { angle: 3 } })).toThrow(/artifacts\.rotation\.angle.*unknown field/);
    expect(() => resolveArtifactOptions({ rotation: { angleDeg: [5, 1] } })).toThrow(/min <= max/);
    expect(() => resolveArtifactOptions({ noise: { probability: 2 } })).toThrow(/artifacts\.noise\.probability.*0 to 1/);
    expect(() => resolveArtifactOptions({ colorMode: { modes: ["sepia"] } })).toThrow(/grey, bw/);
  });
});

/** Point (y, x) inside a convex quad grown by `marginPx`. */
function inQuad(q: Quad, y: number, x: number, marginPx: number): boolean {
  for (let i = 0; i < 4; i++) {
    const [ay, ax] = q[i]!, [by, bx] = q[(i + 1) % 4]!;
    const cross = (bx - ax) * (y - ay) - (by - ay) * (x - ax);
    if (cross / Math.hypot(bx - ax, by - ay) < -marginPx) return false;
  }
  return true;
}

describe("applyArtifacts on small or odd pages", () => {
  it("a crop that would leave almost nothing is an OptionError naming the option", async () => {
    const page = syntheticPage(40, 30, 1);
    await expect(applyArtifacts(page, { crop: { probability: 1, sideFraction: [0.4, 0.45] } }, new Rng(1))).rejects.toThrow(/artifacts\.crop\.sideFraction/);
  });

  it("every artifact at once on a tiny page without a grid scale still works", async () => {
    const page = syntheticPage(64, 48, 1);
    page.annotation.x_grid = 0;
    const all = Object.fromEntries(ARTIFACT_NAMES.map((n) => [n, { probability: 1 }])) as ArtifactOptions;
    const out = await applyArtifacts(page, all, new Rng(1));
    expect(Object.keys(record(out).applied).length).toBe(ARTIFACT_NAMES.length);
    expect(out.traceMask.length).toBe(out.image.width * out.image.height);
  });
});
