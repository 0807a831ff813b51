import type { RgbaImage } from "../render/types.js";
import type { WfdbWriteInput } from "../wfdb/types.js";
import type { GridEstimate } from "./grid/types.js";
import type { PageReport } from "./page/rectifyPage.js";
import type { LayoutEvidence } from "./recognizeLayout.js";

/** Page layouts the digitizer knows; "auto" picks one from the rows and separators found. */
export const LAYOUTS = ["auto", "3x4", "3x4+1", "3x4+2", "3x4+3", "6x2", "6x2-simultaneous", "12x1", "2x1"] as const;
export type LayoutName = (typeof LAYOUTS)[number];

export interface DigitizeOptions {
  /** Output sampling frequency, Hz. Default 500. */
  samplingFrequencyHz?: number;
  /** Output duration, s. Default 10. */
  durationS?: number;
  /** Output lead names, in order. Default I II III aVR aVL aVF V1..V6. */
  leadNames?: string[];
  /** Record name written in the output. Default "digitized". */
  recordName?: string;
  /** Page layout. Default "auto". */
  layout?: LayoutName;
  /** Paper speed, mm/s. Default 25. */
  paperSpeedMmPerS?: number;
  /** Amplitude scale, mm/mV; undefined = from the calibration pulse, else 10. */
  gainMmPerMv?: number;
  /** Draw the traces read over the image. Default false. */
  overlay?: boolean;
}

export interface LeadReport {
  name: string;
  /** Row index (top = 0) and column index of the layout cell the lead was read from. */
  row: number;
  col: number;
  /** Time window shown, s from the start of the record. */
  startS: number;
  endS: number;
  /** 0-1: the share of image columns in the window where the trace was found. */
  confidence: number;
}

export interface CalibrationReport {
  found: boolean;
  /** Pulse height in mm (10 at 10 mm/mV), median over rows where found. */
  heightMm?: number;
  /** Gain used, mm/mV, and where it came from. */
  gainMmPerMv: number;
  source: "pulse" | "option" | "default";
  rowsWithPulse: number;
}

/** JSON-able account of what the digitizer found (written as <stem>.json). */
export interface DigitizeReport {
  width: number;
  height: number;
  pxPerMmX: number;
  pxPerMmY: number;
  /** Rotation of the page found and undone, degrees (positive = counter-clockwise on screen). */
  rotationDeg: number;
  /** Page found in a photo and the perspective undone (input px -> rectified px), before the rotation. */
  page?: PageReport;
  grid: GridEstimate;
  layout: string;
  /** With layout "auto": what each row shows at column borders and why the layout was chosen. */
  layoutEvidence?: LayoutEvidence;
  /** Baseline row (px, in the rectified image) of each trace row, top to bottom. */
  rowBaselines: number[];
  /** Columns (px) where the 10 s data begin and end in the rectified image. */
  dataStartCol: number;
  dataEndCol: number;
  paperSpeedMmPerS: number;
  calibration: CalibrationReport;
  leads: LeadReport[];
  /** Mean of the per-lead confidences. */
  confidence: number;
  warnings: string[];
  elapsedMs: number;
}

export interface DigitizeResult {
  record: WfdbWriteInput;
  report: DigitizeReport;
  overlay?: RgbaImage;
  warnings: string[];
}
