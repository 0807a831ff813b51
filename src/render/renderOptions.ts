import { OptionError } from "../errors.js";
import { checkChoice, checkInteger, checkNumber } from "../util/validate.js";
import type { Rng } from "../util/rng.js";
import { GRID_PRESETS, parseColor, randomGridColors, type GridColors, type Rgb } from "./gridColors.js";
import type { LayoutSpec } from "./layout.js";

export interface RenderPageOptions {
  /** "letter", "a4", "legal" or "WIDTHxHEIGHT" in mm. Default "letter". */
  paper?: string;
  /** Default "landscape". */
  orientation?: "landscape" | "portrait";
  /** Output resolution, dpi, 50-600. Default 200. */
  resolutionDpi?: number;
  /** White border around the grid, mm. Default 0. */
  paddingMm?: number;
  /** 12.5, 25 or 50 mm/s (any value 5-100 accepted). Default 25. */
  paperSpeedMmPerS?: number;
  /** Limb-lead gain, mm/mV (5, 10, 20 usual; 1-50 accepted). Default 10. */
  gainMmPerMv?: number;
  /** Chest-lead (V) gain, mm/mV. Default: gainMmPerMv. */
  chestGainMmPerMv?: number;
  /** A layout name ("3x4", "6x2", "12x1", "2x1", "RxC", "auto") or a custom LayoutSpec. Default "3x4" for 12-lead records, else "auto" (a row per signal). */
  layout?: string | LayoutSpec;
  /** Rhythm strips (0-3 lead names) under a named layout. Default ["II"] for 3x4, [] otherwise. */
  rhythmLeads?: string[];
  /** Columns show successive windows ("sequential") or the same window ("simultaneous"). Default "sequential". */
  columnTiming?: "sequential" | "simultaneous";
  /** "standard" or "cabrera" lead order. Default "standard". */
  leadOrder?: "standard" | "cabrera";
  /** Grid colour: a preset (red, pink, orange, brown, blue, green, grey, bw), "random", "none" or "#rrggbb" (minor lines a tint of it). Default "red". */
  gridColor?: string;
  /** Minor (1 mm) line width, mm. Default 0.1. */
  minorLineWidthMm?: number;
  /** Major (5 mm) line width, mm. Default 0.2. */
  majorLineWidthMm?: number;
  /** Trace colour "#rrggbb" or "r,g,b". Default "#101010". */
  traceColor?: string;
  /** Trace line width, mm (drawn at least 1 px wide). Default 0.25. */
  traceWidthMm?: number;
  /** Calibration pulse at the "start" or "end" of every row, or "none". Default "start". */
  calibrationPulse?: "start" | "end" | "none";
  /** Print lead names. Default true. */
  leadLabels?: boolean;
  /** Short vertical ticks between columns. Default true. */
  separators?: boolean;
  /** Speed and gain line at the bottom. Default true. */
  footer?: boolean;
  /** Printed header: "none"; "info" (record name, WFDB info strings, heart rate); "full" (also an invented name, ID, date, hospital). Default "none". */
  header?: "none" | "info" | "full";
  /** Print a QR code holding the record name. Default false. */
  qrCode?: boolean;
  /** Offset of the first page into the record, s. Default 0. */
  startS?: number;
  /** Which page of the record (0-based) when it is longer than one page. Default 0. */
  pageIndex?: number;
}

/** Options with every default filled in and every random choice made. */
export interface ResolvedRenderOptions {
  paper: string;
  orientation: "landscape" | "portrait";
  resolutionDpi: number;
  paddingMm: number;
  paperSpeedMmPerS: number;
  gainMmPerMv: number;
  chestGainMmPerMv: number;
  layout: string | LayoutSpec | undefined;
  rhythmLeads: string[] | undefined;
  columnTiming: "sequential" | "simultaneous";
  leadOrder: "standard" | "cabrera";
  grid: (GridColors & { name: string }) | null;
  minorLineWidthMm: number;
  majorLineWidthMm: number;
  traceRgb: Rgb;
  traceWidthMm: number;
  calibrationPulse: "start" | "end" | "none";
  leadLabels: boolean;
  separators: boolean;
  footer: boolean;
  header: "none" | "info" | "full";
  qrCode: boolean;
  startS: number;
  pageIndex: number;
  /** Every choice drawn from the rng, for the annotation. */
  randomChoices: Record<string, unknown>;
}

export function resolveRenderOptions(o: RenderPageOptions, rng: Rng): ResolvedRenderOptions {
  const randomChoices: Record<string, unknown> = {};
  const gainMmPerMv = checkNumber("gainMmPerMv", o.gainMmPerMv ?? 10, 1, 50);
  const gridName = (o.gridColor ?? "red").toLowerCase();
  let grid: ResolvedRenderOptions["grid"];
  if (gridName === "none") grid = null;
  else if (gridName === "random") {
    grid = { name: "random", ...randomGridColors(rng.fork("grid-color")) };
    randomChoices.gridColor = grid;
  } else if (GRID_PRESETS[gridName]) grid = { name: gridName, ...GRID_PRESETS[gridName]! };
  else {
    const rgb = parseColor(gridName);
    if (!rgb) throw new OptionError("gridColor", `expected ${Object.keys(GRID_PRESETS).join(", ")}, random, none or #rrggbb, got "${o.gridColor}"`);
    grid = { name: gridName, major: rgb, minor: rgb.map((c) => Math.round(255 - (255 - c) * 0.3)) as Rgb };
  }
  const traceRgb = parseColor(o.traceColor ?? "#101010");
  if (!traceRgb) throw new OptionError("traceColor", `expected #rrggbb or r,g,b, got "${o.traceColor}"`);
  return {
    paper: o.paper ?? "letter",
    orientation: checkChoice("orientation", o.orientation ?? "landscape", ["landscape", "portrait"] as const),
    resolutionDpi: checkNumber("resolutionDpi", o.resolutionDpi ?? 200, 50, 600),
    paddingMm: checkNumber("paddingMm", o.paddingMm ?? 0, 0, 50),
    paperSpeedMmPerS: checkNumber("paperSpeedMmPerS", o.paperSpeedMmPerS ?? 25, 5, 100),
    gainMmPerMv,
    chestGainMmPerMv: checkNumber("chestGainMmPerMv", o.chestGainMmPerMv ?? gainMmPerMv, 1, 50),
    layout: o.layout,
    rhythmLeads: o.rhythmLeads,
    columnTiming: checkChoice("columnTiming", o.columnTiming ?? "sequential", ["sequential", "simultaneous"] as const),
    leadOrder: checkChoice("leadOrder", o.leadOrder ?? "standard", ["standard", "cabrera"] as const),
    grid,
    minorLineWidthMm: checkNumber("minorLineWidthMm", o.minorLineWidthMm ?? 0.1, 0, 2),
    majorLineWidthMm: checkNumber("majorLineWidthMm", o.majorLineWidthMm ?? 0.2, 0.01, 2),
    traceRgb,
    traceWidthMm: checkNumber("traceWidthMm", o.traceWidthMm ?? 0.25, 0.01, 3),
    calibrationPulse: checkChoice("calibrationPulse", o.calibrationPulse ?? "start", ["start", "end", "none"] as const),
    leadLabels: o.leadLabels ?? true,
    separators: o.separators ?? true,
    footer: o.footer ?? true,
    header: checkChoice("header", o.header ?? "none", ["none", "info", "full"] as const),
    qrCode: o.qrCode ?? false,
    startS: checkNumber("startS", o.startS ?? 0, 0, 1e9),
    pageIndex: checkInteger("pageIndex", o.pageIndex ?? 0, 0, 1e9),
    randomChoices,
  };
}
