/**
 * The options of the artifact stage. Every artifact has a `probability` (0-1, chance it is applied
 * to a page) and ranges `[min, max]` from which each page draws its parameters uniformly.
 * A preset fills every artifact; fields given beside it override the preset's, field by field.
 */

export const PRESET_NAMES = ["clean", "scan", "fax", "photo", "random"] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** A closed interval [min, max] a parameter is drawn from, uniformly. */
export type Range = [number, number];

export interface ArtifactToggle {
  /** Chance (0-1) that the artifact is applied to a page. Default from the preset. */
  probability?: number;
}

export type InkName = "blue" | "black" | "red";

export interface HandwritingOptions extends ArtifactToggle {
  /** Number of notes (words or short phrases) per page. */
  notes?: Range;
  /** Height of the writing (font size) in mm. */
  sizeMm?: Range;
  /** Slant of the letters in degrees (positive leans right). */
  slantDeg?: Range;
  /** Rotation of a whole note in degrees (positive counter-clockwise). */
  angleDeg?: Range;
  /** Random per-glyph offset, as a fraction of the font size. */
  jitterFraction?: Range;
  /** Inks to choose from. Default ["blue", "black", "red"]. */
  inks?: InkName[];
  /** Chance that a lead label gets circled. */
  circleProbability?: number;
  /** Chance that a note is underlined. */
  underlineProbability?: number;
  /** Chance that an arrow is drawn next to a note. */
  arrowProbability?: number;
  /** Chance that a note is crossed out (struck through or scribbled over; recorded as "crossout:<text>"). */
  crossOutProbability?: number;
  /** Chance that a letter of a note is written over again (retraced, slightly offset). */
  overwriteProbability?: number;
  /** Extra letter spacing of a note, as a fraction of the font size (negative = cramped). */
  spacingFraction?: Range;
  /** Random per-letter change of size (standard deviation, fraction of the font size). */
  sizeVariationFraction?: Range;
}

export interface PaperTextureOptions extends ArtifactToggle {
  /** Contrast of a fibre (fraction of brightness; specks are 2-6 times darker). */
  strengthFraction?: Range;
  /** Length of the fibres in px. */
  fibreLengthPx?: Range;
  /** Fraction of the page covered by fibres. */
  coverageFraction?: Range;
}

export interface BindingOptions extends ArtifactToggle {
  /** Chance of punch holes along one edge. */
  holeProbability?: number;
  /** Diameter of a punch hole in mm. */
  holeDiameterMm?: Range;
  /** Chance of a staple (with the holes of an earlier one) near a corner. */
  stapleProbability?: number;
}

export interface ScanLinesOptions extends ArtifactToggle {
  /** Chance of standard fax resolution (3.85 lines/mm: every second row repeats the one above). */
  standardResolutionProbability?: number;
  /** Number of lines lost in transmission (printed white). */
  dropped?: Range;
  /** Number of lines printed twice (over the next). */
  doubled?: Range;
  /** Number of dark streaks along rows (dirty sensor or printhead). */
  streaks?: Range;
}

export interface FadingOptions extends ArtifactToggle {
  /** Ink strength left at the faintest end of the page (1 = no fading). */
  strengthFraction?: Range;
  /** Number of streaks (rows printed faintly by a weak printhead element). */
  streaks?: Range;
}

export interface StainsOptions extends ArtifactToggle {
  count?: Range;
  /** Stain radius in mm. */
  radiusMm?: Range;
  /** Darkness of the stain (0 = invisible, 1 = opaque tint). */
  opacity?: Range;
}

export interface WrinklesOptions extends ArtifactToggle {
  /** Number of crumple folds in the height field. */
  folds?: Range;
  /** Shading strength (fraction of brightness changed at the steepest facet). */
  strengthFraction?: Range;
  /** Largest displacement of the printed lines by the relief, in px (the paper is seen at an angle). */
  reliefPx?: Range;
}

export interface CreasesOptions extends ArtifactToggle {
  count?: Range;
  /** Width of the crease shadow/highlight in px. */
  widthPx?: Range;
  /** Darkening of the shadow side (fraction of brightness). */
  strengthFraction?: Range;
}

export interface RotationOptions extends ArtifactToggle {
  angleDeg?: Range;
}

export interface PerspectiveOptions extends ArtifactToggle {
  /** Largest displacement of each page corner, as a fraction of the page's shorter side. */
  cornerFraction?: Range;
}

export interface CurlOptions extends ArtifactToggle {
  /** Width of the curled band along one edge, as a fraction of the page's extent across that edge. */
  bandFraction?: Range;
  /** Radius of the curl, as a fraction of the band width (smaller = tighter curl). */
  radiusFraction?: Range;
}

export interface BulgeOptions extends ArtifactToggle {
  /** Radial lens distortion coefficient (negative = barrel, positive = pincushion) at the frame corner. */
  coefficient?: Range;
}

export interface CropOptions extends ArtifactToggle {
  /** Fraction of the width/height cut from each side (drawn per side). */
  sideFraction?: Range;
}

export interface PadOptions extends ArtifactToggle {
  /** Fraction of the width/height added on each side (drawn per side). */
  sideFraction?: Range;
}

export interface BackgroundOptions extends ArtifactToggle {
  /** Scale of the page inside the photo frame (1 = page fills the frame; above 1 its edges are cut off). */
  pageScale?: Range;
}

export interface LightingOptions extends ArtifactToggle {
  /** Brightness difference across the page (fraction). */
  gradientFraction?: Range;
  /** Overall exposure (1 = white paper stays white; below 1 the photo is darker). */
  exposureFraction?: Range;
  /** Chance of a soft shadow (hand, phone) over part of the page. */
  shadowProbability?: number;
  /** Darkening inside the shadow (fraction). */
  shadowFraction?: Range;
  /** Chance of glare (a lamp or window mirrored by glossy paper: a long, soft, asymmetric band). */
  glareProbability?: number;
  /** Wash-out at the brightest point of the glare (fraction of the way from each pixel to the light's colour: ink and grid fade, not just brighten). */
  glareFraction?: Range;
  /** Flare veiling the whole photo (fraction of the way to the light's colour; lifts ink and grid toward the paper). */
  veilFraction?: Range;
  /** Colour saturation kept (1 = unchanged, 0 = grey): photographed grids lose their colour. */
  saturationFraction?: Range;
}

export interface VignettingOptions extends ArtifactToggle {
  /** Darkening at the frame corners (fraction). */
  strengthFraction?: Range;
}

export interface ColorTemperatureOptions extends ArtifactToggle {
  /** Colour temperature of the light in kelvin (6500 = neutral). */
  kelvin?: Range;
}

export interface BlurOptions extends ArtifactToggle {
  /** Gaussian (defocus) sigma in px. */
  sigmaPx?: Range;
}

export interface MotionBlurOptions extends ArtifactToggle {
  lengthPx?: Range;
  angleDeg?: Range;
}

export interface NoiseOptions extends ArtifactToggle {
  /** Gaussian noise standard deviation, in 8-bit levels. */
  gaussianSd?: Range;
  /** Shot (Poisson) noise: photons per 8-bit level (smaller = noisier); 0 turns it off. */
  poissonScale?: Range;
}

export interface LowResolutionOptions extends ArtifactToggle {
  /** Factor the page is shrunk by before being enlarged back (0.25-1). */
  scaleFraction?: Range;
}

export interface ColorModeOptions extends ArtifactToggle {
  /** Modes to choose from: "grey" (greyscale scan), "bw" (black and white, thresholded) or "halftone" (black and white, ordered dither: greys become dot patterns, as a fax's photo mode). */
  modes?: ("grey" | "bw" | "halftone")[];
  /** Threshold of "bw" in 8-bit levels (for "halftone": the middle of its threshold span). */
  threshold?: Range;
}

export interface JpegOptions extends ArtifactToggle {
  quality?: Range;
}

/** Options of applyArtifacts. Default preset "clean": nothing is applied. */
export interface ArtifactOptions {
  /** clean | scan | fax | photo | random. Default "clean". */
  preset?: PresetName;
  handwriting?: HandwritingOptions;
  fading?: FadingOptions;
  stains?: StainsOptions;
  wrinkles?: WrinklesOptions;
  creases?: CreasesOptions;
  paperTexture?: PaperTextureOptions;
  binding?: BindingOptions;
  rotation?: RotationOptions;
  perspective?: PerspectiveOptions;
  curl?: CurlOptions;
  bulge?: BulgeOptions;
  crop?: CropOptions;
  pad?: PadOptions;
  background?: BackgroundOptions;
  lighting?: LightingOptions;
  vignetting?: VignettingOptions;
  colorTemperature?: ColorTemperatureOptions;
  blur?: BlurOptions;
  motionBlur?: MotionBlurOptions;
  noise?: NoiseOptions;
  lowResolution?: LowResolutionOptions;
  colorMode?: ColorModeOptions;
  scanLines?: ScanLinesOptions;
  jpeg?: JpegOptions;
}

export type ArtifactName = Exclude<keyof ArtifactOptions, "preset">;

/** Order in which artifacts act on a page: print, paper, geometry (one pass), light, sensor. */
export const ARTIFACT_NAMES: readonly ArtifactName[] = [
  "fading", "handwriting", "stains", "wrinkles", "creases", "paperTexture", "binding",
  "rotation", "perspective", "curl", "bulge", "background", "crop", "pad",
  "lighting", "vignetting", "colorTemperature",
  "blur", "motionBlur", "lowResolution", "noise", "colorMode", "scanLines", "jpeg",
];

/** Every artifact's options, complete (after merging preset and overrides). */
export type ResolvedArtifactOptions = { preset: PresetName } & { [K in ArtifactName]-?: Required<NonNullable<ArtifactOptions[K]>> };
