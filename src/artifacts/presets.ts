import type { ArtifactName, ArtifactOptions, PresetName } from "./artifactOptions.js";

type FieldSpec =
  | { kind: "probability"; value: number }
  | { kind: "range"; value: [number, number]; min: number; max: number }
  | { kind: "choices"; value: string[]; choices: readonly string[] };

const p = (value: number): FieldSpec => ({ kind: "probability", value });
const r = (lo: number, hi: number, min: number, max: number): FieldSpec => ({ kind: "range", value: [lo, hi], min, max });
const c = (value: string[], choices: readonly string[]): FieldSpec => ({ kind: "choices", value, choices });

/**
 * Every field of every artifact: its default (used by "clean", with probability 0) and the
 * bounds an option value must keep. The one table from which options are validated.
 */
export const ARTIFACT_SCHEMA: Record<ArtifactName, Record<string, FieldSpec>> = {
  handwriting: {
    probability: p(0), notes: r(1, 4, 0, 40), sizeMm: r(3.5, 6, 1, 30), slantDeg: r(-5, 15, -45, 45),
    angleDeg: r(-8, 8, -180, 180), jitterFraction: r(0.02, 0.06, 0, 0.5),
    inks: c(["blue", "black", "red"], ["blue", "black", "red"]),
    circleProbability: p(0.4), underlineProbability: p(0.3), arrowProbability: p(0.25),
    crossOutProbability: p(0.12), overwriteProbability: p(0.25), spacingFraction: r(-0.04, 0.12, -0.5, 1), sizeVariationFraction: r(0.03, 0.1, 0, 0.5),
  },
  fading: { probability: p(0), strengthFraction: r(0.55, 0.9, 0, 1), streaks: r(0, 4, 0, 50) },
  stains: { probability: p(0), count: r(1, 2, 0, 20), radiusMm: r(8, 25, 1, 100), opacity: r(0.15, 0.45, 0, 1) },
  wrinkles: { probability: p(0), folds: r(12, 30, 0, 80), strengthFraction: r(0.05, 0.13, 0, 0.5), reliefPx: r(0.5, 2, 0, 4) },
  creases: { probability: p(0), count: r(1, 2, 0, 10), widthPx: r(2, 5, 0.5, 50), strengthFraction: r(0.08, 0.2, 0, 0.8) },
  paperTexture: { probability: p(0), strengthFraction: r(0.04, 0.1, 0, 0.5), fibreLengthPx: r(6, 20, 1, 200), coverageFraction: r(0.01, 0.04, 0, 0.3) },
  binding: { probability: p(0), holeProbability: p(0.7), holeDiameterMm: r(5, 6.5, 1, 20), stapleProbability: p(0.5) },
  rotation: { probability: p(0), angleDeg: r(-3, 3, -180, 180) },
  perspective: { probability: p(0), cornerFraction: r(0.01, 0.05, 0, 0.25) },
  curl: { probability: p(0), bandFraction: r(0.08, 0.2, 0.01, 0.6), radiusFraction: r(0.8, 1.6, 0.7, 10) },
  bulge: { probability: p(0), coefficient: r(-0.04, 0.04, -0.2, 0.2) },
  crop: { probability: p(0), sideFraction: r(0, 0.03, 0, 0.45) },
  pad: { probability: p(0), sideFraction: r(0, 0.04, 0, 1) },
  background: { probability: p(0), pageScale: r(0.85, 1, 0.2, 1.2) },
  lighting: { probability: p(0), gradientFraction: r(0.05, 0.25, 0, 0.9), exposureFraction: r(0.75, 1, 0.2, 1.5), shadowProbability: p(0.4), shadowFraction: r(0.1, 0.35, 0, 0.9), glareProbability: p(0.25), glareFraction: r(0.3, 0.75, 0, 1), veilFraction: r(0, 0, 0, 0.8), saturationFraction: r(1, 1, 0, 1) },
  vignetting: { probability: p(0), strengthFraction: r(0.05, 0.25, 0, 0.9) },
  colorTemperature: { probability: p(0), kelvin: r(3500, 7500, 2000, 12000) },
  blur: { probability: p(0), sigmaPx: r(0.4, 1.2, 0.3, 20) },
  motionBlur: { probability: p(0), lengthPx: r(2, 5, 1, 60), angleDeg: r(0, 180, -360, 360) },
  noise: { probability: p(0), gaussianSd: r(1, 5, 0, 80), poissonScale: r(0, 0, 0, 1000) },
  lowResolution: { probability: p(0), scaleFraction: r(0.5, 0.8, 0.1, 1) },
  colorMode: { probability: p(0), modes: c(["grey"], ["grey", "bw", "halftone"]), threshold: r(150, 190, 1, 254) },
  scanLines: { probability: p(0), standardResolutionProbability: p(0.5), dropped: r(0, 3, 0, 100), doubled: r(0, 3, 0, 100), streaks: r(0, 2, 0, 50) },
  jpeg: { probability: p(0), quality: r(50, 90, 1, 100) },
};

/** Each preset: the fields it changes from the schema defaults. */
export const PRESETS: Record<PresetName, ArtifactOptions> = {
  clean: {},
  scan: {
    handwriting: { probability: 0.3 },
    fading: { probability: 0.2, strengthFraction: [0.7, 0.95] },
    stains: { probability: 0.1 },
    creases: { probability: 0.3 },
    paperTexture: { probability: 0.5 },
    binding: { probability: 0.3 },
    rotation: { probability: 0.9, angleDeg: [-2, 2] },
    crop: { probability: 0.3, sideFraction: [0, 0.02] },
    pad: { probability: 0.3, sideFraction: [0, 0.03] },
    lighting: { probability: 0.3, gradientFraction: [0.02, 0.08], exposureFraction: [0.95, 1], shadowProbability: 0, glareProbability: 0 },
    blur: { probability: 0.4, sigmaPx: [0.4, 0.8] },
    noise: { probability: 0.7, gaussianSd: [1, 4] },
    colorMode: { probability: 0.3, modes: ["grey"] },
    jpeg: { probability: 0.6, quality: [60, 95] },
  },
  fax: {
    fading: { probability: 0.4, streaks: [1, 6] },
    handwriting: { probability: 0.3, inks: ["black"] },
    rotation: { probability: 1, angleDeg: [-2.5, 2.5] },
    crop: { probability: 0.4, sideFraction: [0, 0.03] },
    lowResolution: { probability: 1, scaleFraction: [0.45, 0.65] },
    noise: { probability: 1, gaussianSd: [6, 14] },
    colorMode: { probability: 1, modes: ["bw", "halftone"], threshold: [150, 200] },
    scanLines: { probability: 0.8 },
    binding: { probability: 0.3 },
  },
  photo: {
    handwriting: { probability: 0.5 },
    stains: { probability: 0.15 },
    wrinkles: { probability: 0.7 },
    creases: { probability: 0.5 },
    paperTexture: { probability: 0.7 },
    binding: { probability: 0.3 },
    rotation: { probability: 1, angleDeg: [-5, 5] },
    perspective: { probability: 1, cornerFraction: [0.01, 0.05] },
    curl: { probability: 0.5 },
    bulge: { probability: 0.5, coefficient: [-0.03, 0.03] },
    background: { probability: 1, pageScale: [0.85, 1.12] },
    lighting: { probability: 1, glareProbability: 0.35, veilFraction: [0.02, 0.1], saturationFraction: [0.3, 0.75] },
    vignetting: { probability: 0.8 },
    colorTemperature: { probability: 0.9, kelvin: [4200, 6800] },
    blur: { probability: 0.6, sigmaPx: [0.5, 1.2] },
    motionBlur: { probability: 0.15 },
    noise: { probability: 1, gaussianSd: [1, 3], poissonScale: [20, 60] },
    jpeg: { probability: 0.9, quality: [55, 90] },
  },
  random: {
    ...Object.fromEntries(Object.keys(ARTIFACT_SCHEMA).map((name) => [name, { probability: 0.25 }])),
    colorMode: { probability: 0.15, modes: ["grey", "bw", "halftone"] },
    motionBlur: { probability: 0.1 },
  },
};
