import { digitizeImage } from "../digitize/digitizeImage.js";
import { compareGridEstimators } from "../digitize/grid/compareGridEstimators.js";
import { estimateRotation } from "../digitize/grid/estimateRotation.js";
import type { GridEstimate } from "../digitize/grid/types.js";
import { imagePlanes } from "../digitize/imagePlanes.js";
import { median } from "../util/median.js";
import type { RgbaImage } from "../render/types.js";
import { checkNumber } from "../util/validate.js";
import { gridColor, type GridColor } from "./gridColor.js";
import { jpegQuality } from "./jpegQuality.js";

export interface AnalyzeImageOptions {
  /** Paper speed the page was printed at, mm/s (for the sampling rate it can carry). Default 25. */
  paperSpeedMmPerS?: number;
  /** Run the digitizer for layout and calibration pulse. Default true. */
  digitize?: boolean;
  /** The encoded file, for the format and the JPEG quality estimate. */
  fileBytes?: Uint8Array;
}

export interface ImageAnalysis {
  width: number;
  height: number;
  format?: string;
  /** Consensus of the three grid estimators (median of those that found a grid). */
  pxPerMmX: number;
  pxPerMmY: number;
  /** px per mm x 25.4: the scan resolution that would give this scale. */
  effectiveDpiX: number;
  effectiveDpiY: number;
  /** Samples per second the image resolves along time: px per mm x paper speed (dpi / 1.016 at 25 mm/s). */
  maxSamplingFrequencyHz: number;
  paperSpeedMmPerS: number;
  /** Amplitude of one pixel at 10 mm/mV, mV. */
  amplitudeStepMv: number;
  /** Relative spread (max/min - 1) of the estimators' px/mm; large = do not trust the scale. */
  gridDisagreement: number;
  rotationDeg: number;
  /** Rotation of the top and bottom thirds; their difference reveals perspective (keystone). */
  perspective: { topDeg: number; bottomDeg: number; differenceDeg: number };
  gridColor: GridColor;
  layout?: string;
  calibration?: { found: boolean; heightMm?: number; gainMmPerMv: number; source: string };
  jpegQuality?: number;
  grids: GridEstimate[];
  warnings: string[];
}

function sniffFormat(b: Uint8Array): string | undefined {
  if (b[0] === 0x89 && b[1] === 0x50) return "png";
  if (b[0] === 0xff && b[1] === 0xd8) return "jpeg";
  if (b[0] === 0x42 && b[1] === 0x4d) return "bmp";
  if ((b[0] === 0x49 && b[1] === 0x49) || (b[0] === 0x4d && b[1] === 0x4d)) return "tiff";
  if (b[0] === 0x52 && b[1] === 0x49 && b[8] === 0x57) return "webp";
  return undefined;
}

/**
 * What a user needs to know before trusting a digitization of this image: scale (three grid
 * estimators, their consensus and disagreement), resolution and the sampling rate it supports,
 * rotation and perspective, grid colour, layout and calibration pulse (from the digitizer's
 * report), JPEG quality, and warnings.
 */
export async function analyzeImage(image: RgbaImage, options: AnalyzeImageOptions = {}): Promise<ImageAnalysis> {
  const speed = checkNumber("paperSpeedMmPerS", options.paperSpeedMmPerS ?? 25, 1, 1000);
  const warnings: string[] = [];
  const grids = compareGridEstimators(image).map((r) => r.estimate);
  const found = grids.filter((g) => Number.isFinite(g.pxPerMmX) && Number.isFinite(g.pxPerMmY) && g.confidence > 0.2);
  const pxPerMmX = median(found.map((g) => g.pxPerMmX));
  const pxPerMmY = median(found.map((g) => g.pxPerMmY));
  const xs = found.map((g) => g.pxPerMmX);
  const gridDisagreement = found.length > 1 ? Math.max(...xs) / Math.min(...xs) - 1 : NaN;
  if (!found.length) warnings.push("missing grid: no estimator found a periodic grid; the scale can come only from the calibration pulse or assumptions");
  else if (gridDisagreement > 0.02) warnings.push(`grid estimators disagree by ${(gridDisagreement * 100).toFixed(1)} %: check the scale`);
  const plane = imagePlanes(image).any;
  const w = image.width;
  const third = Math.floor(image.height / 3);
  const rotationDeg = median(found.map((g) => g.angleDeg)) || 0;
  const top = third >= 32 ? estimateRotation(plane.subarray(0, third * w), w, third).angleDeg : NaN;
  const bottom = third >= 32 ? estimateRotation(plane.subarray((image.height - third) * w), w, third).angleDeg : NaN;
  const perspective = { topDeg: top, bottomDeg: bottom, differenceDeg: bottom - top };
  const effectiveDpiX = pxPerMmX * 25.4;
  const effectiveDpiY = pxPerMmY * 25.4;
  if (effectiveDpiX < 100 || effectiveDpiY < 100) {
    warnings.push(`too coarse to digitize well: ${effectiveDpiX.toFixed(0)} x ${effectiveDpiY.toFixed(0)} dpi equivalent (QRS detail lost; at least 150 advised)`);
  } else if (effectiveDpiX < 150) warnings.push(`coarse: ${effectiveDpiX.toFixed(0)} dpi equivalent; detail above ~${(pxPerMmX * speed / 2).toFixed(0)} Hz is lost`);
  if (Math.abs(rotationDeg) > 5) warnings.push(`rotated by ${rotationDeg.toFixed(1)} degrees`);
  if (Math.abs(perspective.differenceDeg) > 0.5) warnings.push(`perspective: top and bottom lines differ by ${perspective.differenceDeg.toFixed(2)} degrees (photo?)`);
  const format = options.fileBytes ? sniffFormat(options.fileBytes) : undefined;
  const quality = options.fileBytes ? jpegQuality(options.fileBytes) : undefined;
  if (quality !== undefined && quality < 50) warnings.push(`heavy JPEG compression (quality about ${quality}): blocks and ringing blur thin traces`);
  const analysis: ImageAnalysis = {
    width: image.width,
    height: image.height,
    format,
    pxPerMmX,
    pxPerMmY,
    effectiveDpiX,
    effectiveDpiY,
    maxSamplingFrequencyHz: pxPerMmX * speed,
    paperSpeedMmPerS: speed,
    amplitudeStepMv: 1 / (pxPerMmY * 10),
    gridDisagreement,
    rotationDeg,
    perspective,
    gridColor: gridColor(image, found.length > 0),
    jpegQuality: quality,
    grids,
    warnings,
  };
  if (options.digitize !== false) {
    try {
      const { report } = await digitizeImage(image, { paperSpeedMmPerS: speed });
      analysis.layout = report.layout;
      analysis.calibration = { found: report.calibration.found, heightMm: report.calibration.heightMm, gainMmPerMv: report.calibration.gainMmPerMv, source: report.calibration.source };
      if (!report.calibration.found) warnings.push("no calibration pulse found: the amplitude scale is assumed");
      warnings.push(...report.warnings.map((m) => `digitizer: ${m}`));
    } catch (err) {
      warnings.push(`digitizer could not read the page: ${(err as Error).message}`);
    }
  }
  return analysis;
}
