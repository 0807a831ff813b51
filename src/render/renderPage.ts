import { OptionError } from "../errors.js";
import { Rng } from "../util/rng.js";
import type { WfdbRecord } from "../wfdb/types.js";
import { cellTrace, millivoltsPer } from "./cellTrace.js";
import { drawLines, drawQrCode, headerLines } from "./drawHeader.js";
import { boxQuad, drawText } from "./drawText.js";
import { MM_PER_INCH } from "./paper.js";
import { planPage } from "./planPage.js";
import { paperImage } from "./paperImage.js";
import { compositeCoverage, emptyBox, fillRect, strokePolyline } from "./raster.js";
import { resolveRenderOptions, type RenderPageOptions } from "./renderOptions.js";
import type { LeadAnnotation, ObjectBox, RenderedPage } from "./types.js";

export type { RenderPageOptions } from "./renderOptions.js";

/** Coverage (0-255) from which a pixel counts as trace in the mask: 64 = a quarter of the pixel covered. */
export const MASK_COVERAGE_THRESHOLD = 64;

const round2 = (v: number) => Math.round(v * 100) / 100;

let sharedCoverage = new Uint8Array(0);

/** Scratch coverage buffer, reused across pages: compositeCoverage leaves it all zero. */
function coverageBuffer(n: number): Uint8Array {
  if (sharedCoverage.length < n) sharedCoverage = new Uint8Array(n);
  return sharedCoverage.subarray(0, n);
}

/**
 * Renders one page of a record on ECG paper with its exact ground truth: the annotation
 * (ECG-Image-Kit schema + `ecgkit` fields) and a per-pixel bit mask of each layout cell's trace.
 */
export async function renderPage(record: WfdbRecord, options: RenderPageOptions = {}, rng: Rng = new Rng("ecgkit")): Promise<RenderedPage> {
  const o = resolveRenderOptions(options, rng);
  const plan = planPage(record.signalNames, o, record.units);
  const warnings = [...record.warnings.map((w) => `record: ${w}`), ...plan.warnings];
  const fs = record.samplingFrequencyHz;
  const pageStartSample = Math.round((o.startS + o.pageIndex * plan.pageDurationS) * fs);
  if (pageStartSample >= record.nSamples) {
    throw new OptionError("pageIndex", `page ${o.pageIndex} starts at sample ${pageStartSample}, after the record's end (${record.nSamples} samples)`);
  }
  for (const c of plan.cells) {
    const u = record.units[c.signalIndex] ?? "mV";
    if (millivoltsPer(u) === undefined) warnings.push(`signal ${record.signalNames[c.signalIndex]} is in "${u}", not a voltage; drawn as if mV`);
  }
  const ppm = plan.pxPerMm;
  const W = plan.widthPx;
  const H = plan.heightPx;
  const padPx = o.paddingMm * ppm;
  const grid = o.grid
    ? {
        pxPerMmX: ppm,
        pxPerMmY: ppm,
        area: [padPx, padPx, W - padPx, H - padPx] as [number, number, number, number],
        minor: o.minorLineWidthMm > 0 ? o.grid.minor : null,
        major: o.grid.major,
        minorWidthPx: o.minorLineWidthMm * ppm,
        majorWidthPx: o.majorLineWidthMm * ppm,
      }
    : null;
  const img = paperImage(W, H, [255, 255, 255], grid);
  const cov = coverageBuffer(W * H);
  const mask = new Uint16Array(W * H);
  const traceWidthPx = Math.max(1, o.traceWidthMm * ppm);
  const objects: ObjectBox[] = [];
  const leads: LeadAnnotation[] = [];
  const labelPx = 3.2 * ppm;
  for (const cell of plan.cells) {
    const t = cellTrace(record, cell, pageStartSample, o.paperSpeedMmPerS, ppm);
    const box = emptyBox();
    strokePolyline(cov, W, H, t.xs, t.ys, traceWidthPx, box);
    const mb = compositeCoverage(img, cov, box, o.traceRgb, mask, cell.index, MASK_COVERAGE_THRESHOLD);
    const plotted: [number, number][] = [];
    const unplotted: number[] = [];
    for (let i = 0; i < t.xs.length; i++) {
      const x = t.xs[i]!, y = t.ys[i]!;
      // Written to 0.01 px (as ECG-Image-Kit), kept inside the image when rounding would reach its edge.
      if (Number.isFinite(y) && x >= 0 && x < W && y >= 0 && y < H) plotted.push([Math.min(round2(y), H - 0.01), Math.min(round2(x), W - 0.01)]);
      else unplotted.push(record.startSample + t.s0 + i);
    }
    if (unplotted.length) warnings.push(`${cell.lead} (cell ${cell.index}): ${unplotted.length} samples invalid or off the page, not plotted`);
    let textBox = null;
    if (o.leadLabels) {
      textBox = drawText(img, cell.lead, cell.xMm * ppm + 1 * ppm, (cell.baselineMm - Math.min(0.3 * plan.rowHeightMm, 9)) * ppm + labelPx, { sizePx: labelPx, rgb: o.traceRgb });
    }
    const lead: LeadAnnotation = {
      lead_name: cell.lead,
      cell: cell.index,
      start_sample: record.startSample + t.s0,
      end_sample: record.startSample + t.s1,
      plotted_pixels: plotted,
      lead_bounding_box: mb.colMax >= mb.colMin ? boxQuad(mb.colMin, mb.rowMin, mb.colMax + 1, mb.rowMax + 1) : boxQuad(0, 0, 0, 0),
      text_bounding_box: textBox,
    };
    if (unplotted.length) lead.unplotted_samples = unplotted;
    leads.push(lead);
  }
  drawRowFurniture(img, cov, plan, o, traceWidthPx, objects);
  const measurements: Record<string, number> = {};
  const marginPx = (o.paddingMm + 6) * ppm;
  if (o.header !== "none") {
    const h = headerLines(record, o.header === "full", rng.fork("identity"));
    Object.assign(measurements, h.measurements);
    if (h.identity) o.randomChoices.identity = h.identity;
    objects.push(...drawLines(img, h.lines, marginPx, (o.paddingMm + 1) * ppm, 3.2 * ppm, o.traceRgb, "header_text"));
  }
  if (o.qrCode) {
    const size = 18 * ppm;
    objects.push(drawQrCode(img, record.name, W - marginPx - size, (o.paddingMm + 2) * ppm, size, [0, 0, 0]));
  }
  if (o.footer) {
    const chest = o.chestGainMmPerMv !== o.gainMmPerMv ? `   chest ${o.chestGainMmPerMv} mm/mV` : "";
    const text = `${o.paperSpeedMmPerS} mm/s   ${o.gainMmPerMv} mm/mV${chest}`;
    objects.push({ kind: "footer_text", text, box: drawText(img, text, marginPx, H - (o.paddingMm + 3) * ppm, { sizePx: 3 * ppm, rgb: o.traceRgb }) });
  }
  return {
    image: img,
    traceMask: mask,
    annotation: {
      sampling_frequency: fs,
      width: W,
      height: H,
      x_grid: round2(5 * ppm),
      y_grid: round2(5 * ppm),
      resolution: o.resolutionDpi,
      pad_inches: o.paddingMm / MM_PER_INCH,
      leads,
      grid_line_color_major: o.grid ? o.grid.major : null,
      grid_line_color_minor: o.grid ? o.grid.minor : null,
      ecg_plot_color: o.traceRgb,
      dc_pulse: o.calibrationPulse !== "none",
      gridlines: o.grid !== null,
      printed_text: o.header !== "none",
      number_of_columns_in_image: Math.max(...plan.spec.rows.map((r) => r.length)),
      full_mode_lead: plan.spec.rows.find((r) => r.length === 1 && plan.spec.rows.some((q) => q.length > 1))?.[0]?.lead ?? null,
      ecgkit: {
        record: record.name,
        page_index: o.pageIndex,
        page_start_sample: record.startSample + pageStartSample,
        page_duration_s: plan.pageDurationS,
        paper: { name: o.paper, orientation: o.orientation, width_mm: plan.widthMm, height_mm: plan.heightMm, padding_mm: o.paddingMm },
        paper_speed_mm_per_s: o.paperSpeedMmPerS,
        gain_mm_per_mv: o.gainMmPerMv,
        chest_gain_mm_per_mv: o.chestGainMmPerMv,
        px_per_mm: { x: ppm, y: ppm },
        grid: o.grid
          ? { color: o.grid.name, major_rgb: o.grid.major, minor_rgb: o.grid.minor, minor_width_mm: o.minorLineWidthMm, major_width_mm: o.majorLineWidthMm, origin_px: [padPx, padPx] }
          : null,
        trace: { rgb: o.traceRgb, width_px: traceWidthPx },
        layout: {
          name: plan.spec.name,
          column_timing: o.columnTiming,
          lead_order: o.leadOrder,
          cells: plan.cells.map((c) => ({
            index: c.index,
            lead: c.lead,
            signal: record.signalNames[c.signalIndex],
            inverted: c.negate,
            row: c.row,
            start_s: c.startS,
            duration_s: c.durationS,
            x_px: c.xMm * ppm,
            baseline_px: c.baselineMm * ppm,
            gain_mm_per_mv: c.gainMmPerMv,
          })),
        },
        calibration_pulse: o.calibrationPulse,
        mask: { coverage_threshold: MASK_COVERAGE_THRESHOLD / 255, bits: "bit k of the 16-bit mask = layout cell k" },
        measurements,
        random_choices: o.randomChoices,
        objects,
        warnings,
      },
    },
  };
}

/** Calibration pulses and column separator ticks, in the trace colour, outside the trace mask. */
function drawRowFurniture(
  img: RenderedPage["image"],
  cov: Uint8Array,
  plan: ReturnType<typeof planPage>,
  o: ReturnType<typeof resolveRenderOptions>,
  traceWidthPx: number,
  objects: ObjectBox[],
): void {
  const ppm = plan.pxPerMm;
  const rows = new Map<number, (typeof plan.cells)[number][]>();
  for (const c of plan.cells) rows.set(c.row, [...(rows.get(c.row) ?? []), c]);
  for (const cells of rows.values()) {
    const first = cells[0]!;
    if (o.calibrationPulse !== "none") {
      const stepMm = 0.2 * o.paperSpeedMmPerS;
      const rowEndMm = Math.max(...cells.map((c) => c.xMm + c.durationS * o.paperSpeedMmPerS));
      const x0 = o.calibrationPulse === "start" ? first.xMm - plan.calibrationWidthMm : rowEndMm + 1;
      const top = first.baselineMm - first.gainMmPerMv;
      const xsMm = [x0, x0 + 1, x0 + 1, x0 + 1 + stepMm, x0 + 1 + stepMm, x0 + 2 + stepMm];
      const ysMm = [first.baselineMm, first.baselineMm, top, top, first.baselineMm, first.baselineMm];
      const box = emptyBox();
      strokePolyline(cov, img.width, img.height, Float64Array.from(xsMm, (v) => v * ppm), Float64Array.from(ysMm, (v) => v * ppm), traceWidthPx, box);
      compositeCoverage(img, cov, box, o.traceRgb);
      if (box.colMax >= box.colMin) objects.push({ kind: "calibration_pulse", box: boxQuad(box.colMin, box.rowMin, box.colMax + 1, box.rowMax + 1) });
    }
    if (o.separators) {
      for (const c of cells.slice(1)) {
        const x = c.xMm * ppm;
        const half = Math.max(1, traceWidthPx * 0.75);
        fillRect(img, x - half, (c.baselineMm - 2.5) * ppm, x + half, (c.baselineMm + 2.5) * ppm, o.traceRgb);
      }
    }
  }
}
