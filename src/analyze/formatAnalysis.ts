import type { ImageAnalysis } from "./analyzeImage.js";

const num = (v: number | undefined, d = 2) => (v === undefined || !Number.isFinite(v) ? "-" : v.toFixed(d));

/** Human-readable block of one analysis: one "name: value" line per figure, then warnings. */
export function formatAnalysis(a: ImageAnalysis & { file?: string }): string {
  const lines = [
    `${a.file ?? "image"}  ${a.width}x${a.height} px${a.format ? ` ${a.format}` : ""}`,
    `  px per mm (x, y)      ${num(a.pxPerMmX, 3)}  ${num(a.pxPerMmY, 3)}  (estimators disagree by ${Number.isFinite(a.gridDisagreement) ? (a.gridDisagreement * 100).toFixed(2) + " %" : "-"})`,
    `  effective dpi (x, y)  ${num(a.effectiveDpiX, 0)}  ${num(a.effectiveDpiY, 0)}`,
    `  max sampling rate     ${num(a.maxSamplingFrequencyHz, 0)} Hz at ${a.paperSpeedMmPerS} mm/s; 1 px = ${num(a.amplitudeStepMv, 3)} mV at 10 mm/mV`,
    `  rotation              ${num(a.rotationDeg)} deg (counter-clockwise positive)`,
    `  perspective           top ${num(a.perspective.topDeg)} deg, bottom ${num(a.perspective.bottomDeg)} deg, difference ${num(a.perspective.differenceDeg)} deg`,
    `  grid colour           ${a.gridColor.name} (rgb ${a.gridColor.rgb.join(", ")})`,
    `  layout                ${a.layout ?? "-"}`,
    `  calibration pulse     ${a.calibration ? (a.calibration.found ? `found, ${num(a.calibration.heightMm, 1)} mm (${a.calibration.gainMmPerMv} mm/mV)` : `not found (gain ${a.calibration.gainMmPerMv} mm/mV, ${a.calibration.source})`) : "-"}`,
    `  JPEG quality          ${a.jpegQuality ?? "-"}`,
    ...a.grids.map((g) => `  grid ${g.method.padEnd(16)} ${num(g.pxPerMmX, 3)} x ${num(g.pxPerMmY, 3)} px/mm, ${num(g.angleDeg)} deg, confidence ${num(g.confidence)}`),
    ...a.warnings.map((w) => `  warning: ${w}`),
  ];
  return lines.join("\n") + "\n";
}
