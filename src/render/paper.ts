import { OptionError } from "../errors.js";

/** Paper sizes in mm, portrait (width < height). */
export const PAPER_SIZES_MM = {
  letter: { widthMm: 215.9, heightMm: 279.4 },
  a4: { widthMm: 210, heightMm: 297 },
  legal: { widthMm: 215.9, heightMm: 355.6 },
} as const;

export type PaperName = keyof typeof PAPER_SIZES_MM;
export const PAPER_NAMES = Object.keys(PAPER_SIZES_MM) as PaperName[];

export const MM_PER_INCH = 25.4;

/** The one conversion from physical to pixel units: px per mm at a resolution in dpi. */
export function pxPerMm(resolutionDpi: number): number {
  return resolutionDpi / MM_PER_INCH;
}

/**
 * Page size in mm for a named paper and orientation, or a custom "WIDTHxHEIGHT" in mm
 * (e.g. "250x100"), which is used as given.
 */
export function paperSizeMm(paper: string, orientation: "landscape" | "portrait"): { widthMm: number; heightMm: number } {
  const named = (PAPER_SIZES_MM as Record<string, { widthMm: number; heightMm: number }>)[paper.toLowerCase()];
  if (named) {
    return orientation === "landscape" ? { widthMm: named.heightMm, heightMm: named.widthMm } : { ...named };
  }
  const m = /^(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)$/i.exec(paper.trim());
  if (!m) throw new OptionError("paper", `expected one of ${PAPER_NAMES.join(", ")} or WIDTHxHEIGHT in mm, got "${paper}"`);
  const widthMm = Number(m[1]);
  const heightMm = Number(m[2]);
  if (widthMm < 20 || heightMm < 20 || widthMm > 2000 || heightMm > 2000) {
    throw new OptionError("paper", `custom size must be 20-2000 mm each way, got ${paper}`);
  }
  return { widthMm, heightMm };
}
