import { ImageError, OptionError } from "../errors.js";
import type { RgbaImage } from "../render/types.js";
import { checkChoice, checkNumber } from "../util/validate.js";
import type { WfdbWriteSignal } from "../wfdb/types.js";
import { drawOverlay, type OverlayPath } from "./drawOverlay.js";
import { consistentPulses, findCalibrationPulse, noGridPulseCheck, type CalibrationPulse } from "./findCalibrationPulse.js";
import { findRows } from "./findRows.js";
import { chooseGridEstimate } from "./chooseGridEstimate.js";
import { estimateRotation } from "./grid/estimateRotation.js";
import type { GridEstimate } from "./grid/types.js";
import { imagePlanes } from "./imagePlanes.js";
import { inkMask } from "./inkMask.js";
import { median } from "../util/median.js";
import { cellX, layoutByName, layoutForRows, type PageLayout } from "./layouts.js";
import { recognizeLayout, type LayoutEvidence } from "./recognizeLayout.js";
import { rectifyPage, toInputPoint } from "./page/rectifyPage.js";
import { selectTraceRows } from "./selectTraceRows.js";
import { rotateImage, rotatedToSource } from "./rotateImage.js";
import { removeDenseLines, removeLines } from "./removeLines.js";
import { findSeparatorTicks } from "./findSeparatorTicks.js";
import { readBesideTicks } from "./readBesideTicks.js";
import { timingFromTicks } from "./timingFromTicks.js";
import { rowExtent } from "./rowExtent.js";
import { levelBetween, polylineAt, traceRow, type RowTrace, type TraceRowOptions } from "./traceRow.js";
import { LAYOUTS, type CalibrationReport, type DigitizeOptions, type DigitizeReport, type DigitizeResult, type LeadReport } from "./types.js";

export const DEFAULT_LEADS = ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"];
/** Smallest image accepted, px per side. */
const MIN_SIDE_PX = 64;
/** A lead whose trace covers less of its cell than this is left invalid. */
const MIN_CONFIDENCE = 0.5;
/** Gains printers use, mm/mV; a measured pulse within 15 % of one is taken as exactly it. */
const STANDARD_GAINS = [2.5, 5, 10, 20, 40];

/** Most frequent centre row of a traced row (1 px bins, 3-bin smoothing), refined by a local mean. */
function modeRow(trace: RowTrace, fallback: number): number {
  const vals: number[] = [];
  for (const c of trace.centre) if (Number.isFinite(c)) vals.push(c);
  if (vals.length < 5) return fallback;
  const lo = Math.floor(Math.min(...vals));
  const hist = new Float64Array(Math.floor(Math.max(...vals)) - lo + 3);
  for (const v of vals) hist[Math.floor(v) - lo + 1]!++;
  let best = 1;
  for (let i = 1; i < hist.length - 1; i++) {
    if (hist[i - 1]! + hist[i]! + hist[i + 1]! > hist[best - 1]! + hist[best]! + hist[best + 1]!) best = i;
  }
  const centre = best - 1 + lo + 0.5;
  let s = 0;
  let k = 0;
  for (const v of vals) if (Math.abs(v - centre) <= 1.5) (s += v), k++;
  return k ? s / k : centre;
}

function mergeCloseRows(rows: number[], coverage: Float64Array): number[] {
  let out = [...rows];
  for (;;) {
    if (out.length < 3) return out;
    const gaps = out.slice(1).map((r, i) => r - out[i]!);
    const typical = median(gaps);
    const k = gaps.findIndex((g) => g < 0.6 * typical);
    if (k < 0) return out;
    const keep = coverage[out[k]!]! >= coverage[out[k + 1]!]! ? out[k]! : out[k + 1]!;
    out = [...out.slice(0, k), keep, ...out.slice(k + 2)];
  }
}

interface Resolved {
  fs: number;
  durationS: number;
  leadNames: string[];
  speed: number;
  gain: number | undefined;
  layout: string;
}

function resolveOptions(o: DigitizeOptions): Resolved {
  const leadNames = o.leadNames ?? DEFAULT_LEADS;
  if (!Array.isArray(leadNames) || leadNames.length === 0 || leadNames.some((n) => typeof n !== "string" || n.trim() === "")) {
    throw new OptionError("leadNames", "expected a non-empty list of lead names");
  }
  return {
    fs: checkNumber("samplingFrequencyHz", o.samplingFrequencyHz ?? 500, 1, 100_000),
    durationS: checkNumber("durationS", o.durationS ?? 10, 0.1, 3600),
    leadNames,
    speed: checkNumber("paperSpeedMmPerS", o.paperSpeedMmPerS ?? 25, 1, 1000),
    gain: o.gainMmPerMv === undefined ? undefined : checkNumber("gainMmPerMv", o.gainMmPerMv, 0.1, 1000),
    layout: checkChoice("layout", o.layout ?? "auto", LAYOUTS),
  };
}

/**
 * Reads an ECG page image into a calibrated 12-lead record: rotation and grid from the image,
 * trace ink apart from grid and paper, trace rows and layout, one dynamic-programming path per
 * row, calibration pulse and baselines, then each lead resampled over its time window (NaN where
 * the page does not show it). Throws ImageError when there is nothing to read.
 */
export async function digitizeImage(input: RgbaImage, options: DigitizeOptions = {}): Promise<DigitizeResult> {
  const t0 = performance.now();
  const opt = resolveOptions(options);
  const warnings: string[] = [];
  if (!input || !(input.width > 0) || !(input.height > 0) || input.data.length !== input.width * input.height * 4) {
    throw new ImageError("image", "not an RGBA image (width x height x 4 bytes)");
  }
  if (input.width < MIN_SIDE_PX || input.height < MIN_SIDE_PX) {
    throw new ImageError("image", `too small to digitize (${input.width}x${input.height} px; need at least ${MIN_SIDE_PX} px a side)`);
  }
  // Photos: page found, perspective undone, background whitened, light flattened (no-op on scans).
  const page = rectifyPage(input);
  warnings.push(...page.warnings);
  let image = page.image;
  let planes = page.planes ?? imagePlanes(image);
  const { width: w, height: h } = image;

  // Rotation: undo it when it is clear (sharper projections) and not negligible.
  const rot = estimateRotation(planes.any, w, h);
  let rotationDeg = 0;
  if (Math.abs(rot.angleDeg) >= 0.1 && rot.gain > 1.02) {
    rotationDeg = rot.angleDeg;
    image = rotateImage(page.image, -rotationDeg);
    planes = imagePlanes(image);
  }

  const grid: GridEstimate = { ...chooseGridEstimate(planes.any, w, h), angleDeg: rotationDeg };
  warnings.push(...grid.warnings);
  const ink = inkMask(planes, { pxPerMm: Math.min(grid.pxPerMmX, grid.pxPerMmY) });
  if (ink.darkGrid) warnings.push("the grid lines are as dark as the trace: ink told from grid by position, and lost where the trace runs along a grid line");
  if (ink.fraction < 2e-5) {
    throw new ImageError(
      "image",
      ink.gridLevel > 150
        ? "no trace found: the grid lines are as dark as any trace, so colour cannot tell them apart"
        : "no trace found: nothing is darker than the grid and paper",
    );
  }
  if (ink.fraction > 0.4) warnings.push(`${(ink.fraction * 100).toFixed(0)} % of the image reads as ink: the trace may not be separable from the background`);

  const gridOk = Number.isFinite(grid.pxPerMmX) && Number.isFinite(grid.pxPerMmY);
  let pxPerMmX = gridOk ? grid.pxPerMmX : w / 280;
  let pxPerMmY = gridOk ? grid.pxPerMmY : w / 280;

  // Frames and rules would read as trace rows: a 60 mm level run or a vertical run over half the
  // page height is no ECG.
  removeLines(ink.mask, w, h, 60 * pxPerMmX, Math.max(45 * pxPerMmY, h / 2));
  if (ink.gridLevel > 30) removeDenseLines(ink.mask, w, h, Math.max(3, 1.5 * Math.min(pxPerMmX, pxPerMmY)));
  const rows = findRows(ink.mask, w, h, { pxPerMmY });
  // Rows much closer than the others are one row whose trace swings between two levels.
  let baselines = mergeCloseRows(rows.baselines, rows.coverage);
  if (baselines.length === 0) throw new ImageError("image", "no trace rows found");
  if (opt.layout === "auto") {
    const sel = selectTraceRows(baselines, rows.coverage);
    if (sel.dropped.length) warnings.push(`found ${baselines.length} rows; kept the ${sel.baselines.length} evenly spaced, best covered ones as trace rows (dropped rows at ${sel.dropped.map((r) => r.toFixed(0)).join(", ")} px: tall complexes or text)`);
    baselines = sel.baselines;
  }

  // Layout: from the option, or from the number of rows.
  let layout: PageLayout | undefined;
  if (opt.layout !== "auto") {
    layout = layoutByName(opt.layout)!;
  } else {
    let n = baselines.length;
    if (n > 12 || (n >= 9 && n < 12)) n = Math.min(12, n);
    else if (n > 6 && n < 9) n = 6;
    layout = layoutForRows(n, false);
    if (!layout) {
      warnings.push(`found ${baselines.length} trace row(s), which no known layout has; read them as 10 s strips in standard lead order`);
      layout = { name: `${baselines.length}x1`, rows: baselines.length, cells: baselines.map((_, row) => ({ lead: DEFAULT_LEADS[row % 12]!, row, col: 0, from: 0, to: 1 })) };
    }
  }
  if (baselines.length > layout.rows) {
    // Keep the rows with the best coverage (extra rows are usually text lines).
    const keep = [...baselines].sort((a, b) => rows.coverage[b]! - rows.coverage[a]!).slice(0, layout.rows);
    warnings.push(`found ${baselines.length} rows, layout ${layout.name} has ${layout.rows}; ignored ${baselines.length - layout.rows}`);
    baselines = keep.sort((a, b) => a - b);
  } else if (baselines.length < layout.rows) {
    warnings.push(`layout ${layout.name} has ${layout.rows} rows but only ${baselines.length} were found; the leads of missing rows are left invalid`);
  }

  // Trace each row between its neighbours' baselines.
  const traces: RowTrace[] = [];
  const extents: { left: number; right: number }[] = [];
  const refined: number[] = [];
  const traceOpts: TraceRowOptions[] = [];
  for (let i = 0; i < baselines.length; i++) {
    const b = baselines[i]!;
    const up = i > 0 ? b - baselines[i - 1]! : i + 1 < baselines.length ? baselines[i + 1]! - b : h / 4;
    const down = i + 1 < baselines.length ? baselines[i + 1]! - b : up;
    const spacing = Math.min(up, down);
    const ext = rowExtent(ink.mask, w, h, b, Math.min(0.5 * spacing, 15 * pxPerMmY), 10 * pxPerMmX, 0.5 * spacing);
    extents.push(ext);
    const to: TraceRowOptions = {
      baseline: b,
      top: Math.max(0, Math.floor(b - up)),
      bottom: Math.min(h, Math.ceil(b + down)),
      left: ext.left,
      right: ext.right,
      pxPerMmY,
      spacingPx: spacing,
      ...(ink.hidden ? { hidden: ink.hidden } : {}),
    };
    traceOpts.push(to);
    const tr = traceRow(ink.mask, planes.ink, w, to);
    traces.push(tr);
    refined.push(modeRow(tr, b));
  }

  if (!gridOk) {
    const spanPx = median(extents.map((e) => e.right - e.left));
    pxPerMmX = spanPx / (opt.durationS * opt.speed);
    pxPerMmY = pxPerMmX;
    warnings.push(`no grid: scale assumed from the trace length (${opt.durationS} s at ${opt.speed} mm/s) and square pixels`);
  }

  // Calibration pulses: gain, and where the signal starts or ends.
  const checked = consistentPulses(traces.map((tr, i) => findCalibrationPulse(tr, planes.ink, w, { baseline: refined[i]!, pxPerMmX, pxPerMmY })), pxPerMmY, STANDARD_GAINS);
  if (checked.warning) warnings.push(checked.warning);
  const pulses: (CalibrationPulse | undefined)[] = checked.pulses;
  if (!gridOk) {
    // The row extents include the pulses: the record's span runs from a start pulse's falling edge
    // (or to an end pulse's rising edge).
    const edges = (side: "start" | "end") => pulses.filter((p) => p?.side === side).map((p) => p!.signalEdge);
    const span = edges("start").length
      ? median(extents.map((e) => e.right)) - median(edges("start"))
      : edges("end").length ? median(edges("end")) - median(extents.map((e) => e.left)) : NaN;
    if (span > 0) pxPerMmX = pxPerMmY = span / (opt.durationS * opt.speed);
  }
  // A pulse's foot is the row's 0 mV level, better than the most frequent trace level.
  pulses.forEach((p, i) => {
    if (p) refined[i] = p.footRow;
  });
  const heightsMm = pulses.filter((p): p is CalibrationPulse => !!p).map((p) => p.heightPx / pxPerMmY);
  const calibration: CalibrationReport = { found: heightsMm.length > 0, gainMmPerMv: 10, source: "default", rowsWithPulse: heightsMm.length };
  if (heightsMm.length) calibration.heightMm = median(heightsMm);
  if (opt.gain !== undefined) {
    calibration.gainMmPerMv = opt.gain;
    calibration.source = "option";
  } else if (calibration.heightMm !== undefined) {
    const hm = calibration.heightMm;
    // Without a grid the mm scale is a guess, but the pulse is 1 mV: its height in px is the gain.
    const snap = gridOk ? STANDARD_GAINS.find((g) => Math.abs(hm / g - 1) <= 0.15) : undefined;
    calibration.gainMmPerMv = snap ?? hm;
    calibration.source = "pulse";
    if (!gridOk) warnings.push(noGridPulseCheck(pulses, pxPerMmX, opt.speed));
    else if (snap === undefined) warnings.push(`calibration pulse ${hm.toFixed(1)} mm tall is no standard gain; used it as ${hm.toFixed(1)} mm/mV`);
  } else {
    warnings.push("no calibration pulse found; assumed 10 mm/mV");
  }
  const gain = calibration.gainMmPerMv;

  // Where the record's time span lies on the page (common to all rows).
  const pageWidthPx = opt.durationS * opt.speed * pxPerMmX;
  // The trace end away from the pulse marks the record's first or last sample (printers leave
  // different gaps between pulse and trace, so the pulse edge itself is not used).
  const lastSpanPx = (opt.durationS - 1 / opt.fs) * opt.speed * pxPerMmX;
  const lefts = extents.map((e, i) => (Number.isFinite(traces[i]!.startX) ? traces[i]!.startX : e.left + traces[i]!.strokePx / 2));
  const rights = extents.map((e, i) => (Number.isFinite(traces[i]!.endX) ? traces[i]!.endX : e.right - traces[i]!.strokePx / 2));
  const nStart = pulses.filter((p) => p?.side === "start").length;
  const nEnd = pulses.filter((p) => p?.side === "end").length;
  // Printers leave 0-3 mm between pulse and trace; a trace end farther from that is page-edge
  // clutter, and then the pulse edge marks the start.
  const startEdge = median(pulses.filter((p) => p?.side === "start").map((p) => p!.signalEdge));
  const endEdge = median(pulses.filter((p) => p?.side === "end").map((p) => p!.signalEdge));
  const plausibleGap = (gapPx: number) => gapPx > -0.5 * pxPerMmX && gapPx < 3 * pxPerMmX;
  let x0: number;
  if (nStart >= nEnd && nStart > 0) {
    x0 = median(rights) - lastSpanPx;
    if (!plausibleGap(x0 - startEdge)) {
      warnings.push("the traces' right ends do not match the calibration pulses; timed from the pulse edge");
      x0 = startEdge;
    }
  } else if (nEnd > 0) {
    x0 = median(lefts);
    if (!plausibleGap(endEdge - (x0 + lastSpanPx))) {
      warnings.push("the traces' left ends do not match the calibration pulses; timed from the pulse edge");
      x0 = endEdge - lastSpanPx;
    }
  }
  else x0 = median(rights) - median(lefts) > lastSpanPx + 2 * pxPerMmX ? median(rights) - lastSpanPx : median(lefts);
  let x1 = x0 + pageWidthPx;
  // Separators, labels and column timing decide between layouts with the same number of rows.
  let layoutEvidence: LayoutEvidence | undefined;
  if (opt.layout === "auto") {
    const rec = recognizeLayout({ mask: ink.mask, width: w, height: h, traces, baselines: refined, x0, pageWidthPx, pxPerMmX, pxPerMmY, paperSpeedMmPerS: opt.speed, pulseRows: pulses.map((p) => !!p), byRowCount: layout });
    layout = rec.layout;
    layoutEvidence = rec.evidence;
    warnings.push(...rec.warnings);
  }
  // Trace rows that hold several leads again, free to jump where one lead ends and the next begins,
  // reading no separator tick as trace.
  const rowShares = traces.map((_, i) => layout!.cells.filter((c) => c.row === i && cellX(c) > 0).map((c) => cellX(c)));
  const bordersFrom = (start: number) => rowShares.map((shares) => shares.map((f) => start + f * pageWidthPx));
  let rowBorders = bordersFrom(x0);
  const levelAt = (i: number, x: number) => {
    const near = levelBetween(traces[i]!, x - 5 * pxPerMmX, x + 5 * pxPerMmX);
    return Number.isFinite(near) ? near : refined[i]!;
  };
  // Where the ticks are many and agree, they time the record better than the trace ends (which a
  // photo's page edge may clip or curl): searched wider, up to 5 mm off the borders placed so far.
  const ticksNearBorders = (searchMm?: number) =>
    findSeparatorTicks(ink.mask, w, h, rowBorders.map((bs, i) => ({ borders: bs.map((x) => ({ x, level: levelAt(i, x) })) })), { pxPerMmX, pxPerMmY, searchMm });
  const wide = ticksNearBorders(5);
  const tickTiming = timingFromTicks(wide, rowBorders.map((bs, i) => bs.map((x, k) => ({ x, share: rowShares[i]![k]! }))), pxPerMmX);
  if (tickTiming && tickTiming.ticks >= 4 && tickTiming.residualMm < 0.2 && Math.abs(tickTiming.x0 - x0) > pxPerMmX) {
    warnings.push(`record start taken from ${tickTiming.ticks} separator ticks (${tickTiming.residualMm.toFixed(2)} mm rms), ${((tickTiming.x0 - x0) / pxPerMmX).toFixed(1)} mm from where the trace ends put it`);
    x0 = tickTiming.x0;
    x1 = x0 + pageWidthPx;
    rowBorders = bordersFrom(x0);
  }
  const ticks = ticksNearBorders();
  for (let i = 0; i < traces.length; i++) {
    if (rowBorders[i]!.length === 0) continue;
    traces[i] = traceRow(ink.mask, planes.ink, w, { ...traceOpts[i]!, breaks: rowBorders[i]!, ticks: ticks.filter((t) => t.row === i) });
  }
  const spanMm = (median(rights) - median(lefts)) / pxPerMmX;
  if (spanMm < 0.9 * opt.durationS * opt.speed) {
    warnings.push(`traces span ${spanMm.toFixed(0)} mm, less than ${opt.durationS} s at ${opt.speed} mm/s: check paper speed and duration`);
  }

  // Resample every cell; a lead shown twice (cell and rhythm strip) takes the longer window.
  const nSamples = Math.round(opt.durationS * opt.fs);
  const pxPerS = opt.speed * pxPerMmX;
  const chosen = new Map<string, (typeof layout.cells)[number]>();
  for (const cell of layout.cells) {
    if (cell.row >= traces.length) continue;
    const key = cell.lead.toLowerCase();
    const prev = chosen.get(key);
    if (!prev || cell.to - cell.from > prev.to - prev.from) chosen.set(key, cell);
  }
  const signals: WfdbWriteSignal[] = [];
  const leadReports: LeadReport[] = [];
  const marginPx = 0.6 * pxPerMmX;
  for (const name of opt.leadNames) {
    const physical = new Float64Array(nSamples).fill(NaN);
    signals.push({ name, units: "mV", physical });
    const cell = chosen.get(name.toLowerCase());
    if (!cell) continue;
    const tr = traces[cell.row]!;
    const base = refined[cell.row]!;
    // Paper position minus record time: non-zero where columns show the same window side by side.
    const shiftPx = (cellX(cell) - cell.from) * pageWidthPx;
    const xa = x0 + cellX(cell) * pageWidthPx;
    const xb = xa + (cell.to - cell.from) * pageWidthPx;
    // Separator ticks and pulse edges sit on cell borders: read from just inside them. The page
    // end away from the pulses has neither, so it is read to the end.
    const pulsesOnlyAtEnd = nStart === 0 && nEnd > 0;
    const pulsesOnlyAtStart = nStart > 0 && nEnd === 0;
    // Beside this row's own start pulse the margin is kept from the pulse's falling edge, not the
    // cell border: where the printer leaves a gap, a record starting on a steep complex is read
    // from its first column. A pulse on the side the page's pulses are not is not trusted.
    const startPulse = cellX(cell) === 0 && nStart >= nEnd ? pulses[cell.row] : undefined;
    const pulseClear = startPulse?.side === "start" ? startPulse.signalEdge + tr.strokePx / 2 + marginPx : undefined;
    let lo = pulseClear !== undefined ? Math.min(xa + marginPx, Math.max(xa, pulseClear)) : xa + (cellX(cell) === 0 && pulsesOnlyAtEnd ? 0 : marginPx);
    let hi = xb - (xb >= x1 - 1e-6 && pulsesOnlyAtStart ? 0 : marginPx);
    // At a separator tick the trace is read up to the bar's own edges (and a complex's tips on it).
    const tickAt = (x: number) => ticks.find((t) => t.row === cell.row && t.left - 1 <= x && x <= t.right + 1);
    const tickA = cellX(cell) > 0 ? tickAt(xa) : undefined;
    const tickB = xb < x1 - 1e-6 ? tickAt(xb) : undefined;
    ({ lo, hi } = readBesideTicks(tr, { xa, xb, lo, hi, tickA, tickB }));
    const n0 = Math.max(0, Math.ceil(cell.from * opt.durationS * opt.fs - 1e-9));
    const n1 = Math.min(nSamples, Math.ceil(cell.to * opt.durationS * opt.fs - 1e-9));
    const hint = { i: 0 };
    let found = 0;
    for (let n = n0; n < n1; n++) {
      const x = Math.min(hi, Math.max(lo, x0 + shiftPx + (n / opt.fs) * pxPerS));
      const y = polylineAt(tr.xs, tr.ys, x, hint);
      if (Number.isFinite(y)) {
        physical[n] = (base - y) / pxPerMmY / gain;
        found++;
      }
    }
    // Fill the ends the trace does not reach with the nearest value read (the window is shown).
    if (found > 0) {
      let first = n0;
      while (!Number.isFinite(physical[first]!)) first++;
      for (let n = n0; n < first; n++) physical[n] = physical[first]!;
      let last = n1 - 1;
      while (!Number.isFinite(physical[last]!)) last--;
      for (let n = last + 1; n < n1; n++) physical[n] = physical[last]!;
    }
    let cols = 0;
    let hit = 0;
    for (let x = Math.floor(lo); x < hi; x++) {
      const i = x - tr.left;
      cols++;
      if (i >= 0 && i < tr.centre.length && Number.isFinite(tr.centre[i]!)) hit++;
    }
    const confidence = cols ? hit / cols : 0;
    if (found === 0) warnings.push(`lead ${name}: no trace found in its cell (row ${cell.row + 1}, column ${cell.col + 1})`);
    else if (confidence < MIN_CONFIDENCE) {
      // Mostly guessed: a wrong trace scores worse than none, so the lead is left invalid.
      physical.fill(NaN);
      warnings.push(`lead ${name}: trace found in only ${(confidence * 100).toFixed(0)} % of its cell; left invalid`);
    }
    leadReports.push({ name, row: cell.row, col: cell.col, startS: cell.from * opt.durationS, endS: cell.to * opt.durationS, confidence: Number(confidence.toFixed(3)) });
  }
  for (const cell of layout.cells) {
    if (!opt.leadNames.some((n) => n.toLowerCase() === cell.lead.toLowerCase()) && cell.row < traces.length) {
      warnings.push(`lead ${cell.lead} is on the page but not among the output leads`);
    }
  }

  const report: DigitizeReport = {
    width: w,
    height: h,
    pxPerMmX,
    pxPerMmY,
    rotationDeg,
    page: page.report,
    grid,
    layout: layout.name,
    ...(layoutEvidence ? { layoutEvidence } : {}),
    rowBaselines: refined.map((v) => Number(v.toFixed(2))),
    dataStartCol: Number(x0.toFixed(2)),
    dataEndCol: Number(x1.toFixed(2)),
    paperSpeedMmPerS: opt.speed,
    calibration,
    leads: leadReports,
    confidence: leadReports.length ? Number((leadReports.reduce((s, l) => s + l.confidence, 0) / leadReports.length).toFixed(3)) : 0,
    warnings,
    elapsedMs: 0,
  };
  const result: DigitizeResult = {
    record: { name: options.recordName ?? "digitized", samplingFrequencyHz: opt.fs, signals },
    report,
    warnings,
  };
  if (options.overlay) {
    const colors: [number, number, number][] = [[0, 90, 255], [0, 160, 60], [200, 0, 200]];
    const paths: OverlayPath[] = traces.map((t, i) => ({ xs: t.xs, ys: t.ys, color: colors[i % 3]! }));
    const marks = [x0, x1];
    for (const c of layout.cells) if (cellX(c) > 0) marks.push(x0 + cellX(c) * pageWidthPx);
    // Drawn on the input: read points go back through the rotation and the page's homography.
    const unrotate = rotatedToSource(w, h, -rotationDeg);
    const toInput = toInputPoint(page.homography);
    result.overlay = drawOverlay(input, paths, [...new Set(marks)], { toImage: (x, y) => toInput(...unrotate(x, y)), workHeight: h });
  }
  report.elapsedMs = Math.round(performance.now() - t0);
  return result;
}
