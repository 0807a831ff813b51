import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { readImage, writePng } from "../../util/image.js";
import { Rng } from "../../util/rng.js";
import { readRecord } from "../../wfdb/readRecord.js";
import { renderPage } from "../renderPage.js";

const EXAMPLE = new URL("../../../examples/ludb-ecg.hea", import.meta.url).pathname;
const GOLDEN_DIR = new URL("./golden/", import.meta.url).pathname;

/**
 * Golden images: pages rendered with fixed settings compared with stored PNGs. Tolerance: a pixel
 * differs when a channel is off by more than 40 levels; at most 0.2% of pixels may differ (room for
 * glyph hinting changes across Skia versions, none for a moved grid or trace).
 * Regenerate with UPDATE_GOLDEN=1 after a deliberate change, and look at the images.
 */
const CASES = [
  { name: "ludb-3x4-header-60dpi", options: { resolutionDpi: 60, header: "full" as const, qrCode: true } },
  { name: "ludb-6x2-blue-cabrera-60dpi", options: { resolutionDpi: 60, layout: "6x2", gridColor: "blue", leadOrder: "cabrera" as const, calibrationPulse: "end" as const } },
];

describe("golden images", () => {
  for (const c of CASES) {
    it(`${c.name} matches its stored image`, async () => {
      const page = await renderPage(await readRecord(EXAMPLE), c.options, new Rng(3));
      const path = `${GOLDEN_DIR}${c.name}.png`;
      if (process.env.UPDATE_GOLDEN || !existsSync(path)) {
        await mkdir(GOLDEN_DIR, { recursive: true });
        await writePng(path, page.image, 9);
        if (!process.env.UPDATE_GOLDEN) throw new Error(`golden image ${path} was missing and has been written; check it and rerun`);
      }
      const golden = await readImage(path);
      expect([golden.width, golden.height]).toEqual([page.image.width, page.image.height]);
      let differing = 0;
      const a = golden.data;
      const b = page.image.data;
      for (let i = 0; i < a.length; i += 4) {
        const d = Math.max(Math.abs(a[i]! - b[i]!), Math.abs(a[i + 1]! - b[i + 1]!), Math.abs(a[i + 2]! - b[i + 2]!));
        if (d > 40) differing++;
      }
      expect(differing / (a.length / 4)).toBeLessThanOrEqual(0.002);
    });
  }
});
