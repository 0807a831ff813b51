import { millivoltsPer } from "./cellTrace.js";
import { buildLayout, layoutDurationS, layoutWidthS, type LayoutSpec } from "./layout.js";
import { findLeadSignal, isChestLead } from "./leads.js";
import { paperSizeMm, pxPerMm } from "./paper.js";
import type { ResolvedRenderOptions } from "./renderOptions.js";

/** A layout cell placed on the page (mm from the page's top-left corner, padding included). */
export interface PlacedCell {
  index: number;
  lead: string;
  signalIndex: number;
  negate: boolean;
  row: number;
  startS: number;
  durationS: number;
  /** x of the cell's first sample, mm. */
  xMm: number;
  /** y of the cell's zero line, mm. */
  baselineMm: number;
  gainMmPerMv: number;
}

export interface PagePlan {
  widthMm: number;
  heightMm: number;
  widthPx: number;
  heightPx: number;
  pxPerMm: number;
  spec: LayoutSpec;
  cells: PlacedCell[];
  /** Record time one page shows, s. */
  pageDurationS: number;
  rowHeightMm: number;
  /** Left edge of every row's traces, mm. */
  traceLeftMm: number;
  calibrationWidthMm: number;
  headerMm: number;
  footerMm: number;
  warnings: string[];
}

const SIDE_MARGIN_MM = 6;
const PULSE_LEAD_MM = 1;

/** Width of the calibration pulse drawing: a 200 ms step with a short flat lead-in and lead-out. */
export function calibrationWidthMm(paperSpeedMmPerS: number): number {
  return 0.2 * paperSpeedMmPerS + 2 * PULSE_LEAD_MM;
}

/** Where everything goes on the page, in mm; pixel sizes follow from the dpi. */
export function planPage(signalNames: readonly string[], o: ResolvedRenderOptions, signalUnits?: readonly string[]): PagePlan {
  const warnings: string[] = [];
  // Named layouts draw voltages only (a blood pressure in mmHg is no ECG lead); custom layouts draw what they name.
  let drawable = signalNames;
  if (signalUnits) {
    const volts = signalNames.filter((_, i) => millivoltsPer(signalUnits[i] ?? "mV") !== undefined);
    if (volts.length > 0 && volts.length < signalNames.length && typeof o.layout !== "object") {
      const left = signalNames.filter((n) => !volts.includes(n));
      warnings.push(`signals ${left.join(", ")} are not voltages and are not drawn`);
      drawable = volts;
    }
  }
  const paper = paperSizeMm(o.paper, o.orientation);
  const widthMm = paper.widthMm + 2 * o.paddingMm;
  const heightMm = paper.heightMm + 2 * o.paddingMm;
  const ppm = pxPerMm(o.resolutionDpi);
  const calMm = o.calibrationPulse === "none" ? 0 : calibrationWidthMm(o.paperSpeedMmPerS) + 1;
  const traceLeftMm = o.paddingMm + SIDE_MARGIN_MM + (o.calibrationPulse === "start" ? calMm : 0);
  const availMm = paper.widthMm - 2 * SIDE_MARGIN_MM - calMm;
  let spec: LayoutSpec;
  if (typeof o.layout !== "object") {
    const fitS = Math.floor((availMm / o.paperSpeedMmPerS) * 2) / 2;
    const rowDurationS = Math.min(10, fitS);
    if (rowDurationS < 10) warnings.push(`a row holds ${rowDurationS} s at ${o.paperSpeedMmPerS} mm/s on this paper`);
    const built = buildLayout(drawable, {
      layout: o.layout,
      rhythmLeads: o.rhythmLeads,
      columnTiming: o.columnTiming,
      leadOrder: o.leadOrder,
      rowDurationS,
    });
    spec = built.spec;
    warnings.push(...built.warnings);
  } else {
    spec = o.layout;
    const needMm = layoutWidthS(spec) * o.paperSpeedMmPerS;
    if (needMm > availMm + 1e-6) warnings.push(`custom layout needs ${needMm.toFixed(1)} mm of row, the page has ${availMm.toFixed(1)} mm; traces run off the page`);
  }
  const headerMm = o.header === "none" ? (o.qrCode ? 22 : 4) : 26;
  const footerMm = o.footer ? 10 : 4;
  const rows = spec.rows.length;
  const rowHeightMm = (paper.heightMm - headerMm - footerMm) / Math.max(1, rows);
  const cells: PlacedCell[] = [];
  spec.rows.forEach((row, r) => {
    for (const c of row) {
      const found = findLeadSignal(signalNames, c.lead);
      if (!found) {
        warnings.push(`lead ${c.lead} is not in the record; cell left empty`);
        continue;
      }
      cells.push({
        index: cells.length,
        lead: c.lead,
        signalIndex: found.signalIndex,
        negate: found.negate,
        row: r,
        startS: c.startS,
        durationS: c.durationS,
        xMm: traceLeftMm + (c.xS ?? c.startS) * o.paperSpeedMmPerS,
        baselineMm: o.paddingMm + headerMm + rowHeightMm * (r + 0.6),
        gainMmPerMv: isChestLead(c.lead) ? o.chestGainMmPerMv : o.gainMmPerMv,
      });
    }
  });
  return {
    widthMm,
    heightMm,
    widthPx: Math.round(widthMm * ppm),
    heightPx: Math.round(heightMm * ppm),
    pxPerMm: ppm,
    spec,
    cells,
    pageDurationS: layoutDurationS(spec),
    rowHeightMm,
    traceLeftMm,
    calibrationWidthMm: calMm,
    headerMm,
    footerMm,
    warnings,
  };
}

/** How many pages a record of `nSamples` fills from `startS` on, each showing `pageDurationS`. */
export function countPages(nSamples: number, samplingFrequencyHz: number, pageDurationS: number, startS = 0): number {
  const totalS = nSamples / samplingFrequencyHz - startS;
  if (totalS <= 0 || pageDurationS <= 0) return 0;
  return Math.max(1, Math.ceil(totalS / pageDurationS - 1e-9));
}
