import { describe, expect, it } from "vitest";
import { sharedPath } from "../../testdata.js";
import { readImage } from "../../util/image.js";
import { digitizeImage } from "../digitizeImage.js";
import { estimateGridMarginal } from "../grid/estimateGridMarginal.js";
import { estimateGridSpectral } from "../grid/estimateGridSpectral.js";

const near = (a: number, b: number, rel: number): boolean => Math.abs(a - b) <= rel * b;

describe("digitizeImage grid fallback", () => {
  // ecg00021: marginal confident but 1.7x off (1.60 px/mm on a 640 px wide page); ecg00023: confident
  // but 3x off (16.8 px/mm on a 1307 px wide page). Spectral agrees with the matched filter on both.
  it.each(["ecg00021.bmp", "ecg00023.jpg"])("uses the spectral grid on %s, where the marginal one fails", async (name) => {
    const image = await readImage(sharedPath("images", "real", name));
    const marginal = estimateGridMarginal(image, { rotation: false });
    const spectral = estimateGridSpectral(image);
    expect(Number.isFinite(marginal.pxPerMmX) && near(marginal.pxPerMmX, spectral.pxPerMmX, 0.15)).toBe(false);
    const { report } = await digitizeImage(image);
    expect(report.grid.method).toBe("spectral");
    expect(near(report.pxPerMmX, spectral.pxPerMmX, 0.15)).toBe(true);
    expect(near(report.pxPerMmY, spectral.pxPerMmY, 0.15)).toBe(true);
    expect(report.warnings.some((w) => w.includes("used the spectral estimate"))).toBe(true);
  });

  it("keeps the marginal grid on a clean shared printout", async () => {
    const { report } = await digitizeImage(await readImage(sharedPath("images", "real", "ecg00001.png")));
    expect(report.grid.method).toBe("marginal");
    expect(report.warnings.some((w) => w.startsWith("grid:"))).toBe(false);
  });
});
