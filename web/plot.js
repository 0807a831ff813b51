// Draws leads on ECG paper as SVG, in millimetres of paper: 25 mm/s and 10 mm/mV.
const SVG = "http://www.w3.org/2000/svg";
const MM_PER_S = 25;
const MM_PER_MV = 10;
const ROW_MM = 24;
const LABEL_MM = 9;
const GAP_MM = 6;

function el(name, attrs = {}, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (parent) parent.appendChild(node);
  return node;
}

function gridPattern(defs) {
  const minor = el("pattern", { id: "ecg-minor", width: 1, height: 1, patternUnits: "userSpaceOnUse" }, defs);
  el("path", { d: "M 1 0 L 0 0 0 1", fill: "none", stroke: "#f4c2c6", "stroke-width": 0.1 }, minor);
  const major = el("pattern", { id: "ecg-major", width: 5, height: 5, patternUnits: "userSpaceOnUse" }, defs);
  el("rect", { width: 5, height: 5, fill: "url(#ecg-minor)" }, major);
  el("path", { d: "M 5 0 L 0 0 0 5", fill: "none", stroke: "#e0707a", "stroke-width": 0.22 }, major);
}

/** Path data for one lead: NaN/null samples break the line (the image did not show them). */
function tracePath(samples, fs, x0, yBase) {
  const parts = [];
  let pen = false;
  let points = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i];
    if (v === null || !Number.isFinite(v)) {
      pen = false;
      continue;
    }
    const x = x0 + (i / fs) * MM_PER_S;
    const y = yBase - v * MM_PER_MV;
    parts.push(`${pen ? "L" : "M"}${x.toFixed(2)} ${y.toFixed(2)}`);
    pen = true;
    points++;
  }
  return { d: parts.join(""), points };
}

/**
 * Plots `result.signals` ({name, physical}, as written by recordToJson) into `container`: two
 * columns of leads (I-aVF left, V1-V6 right for 12 leads), each row the whole recording.
 */
export function plotLeads(container, result) {
  const fs = result.samplingFrequencyHz;
  const leads = result.signals;
  const columns = leads.length > 6 ? 2 : 1;
  const perColumn = Math.ceil(leads.length / columns);
  const durationS = Math.max(1, ...leads.map((l) => l.physical.length)) / fs;
  const paperW = Math.ceil((durationS * MM_PER_S) / 5) * 5;
  const colW = LABEL_MM + paperW;
  const width = columns * colW + (columns - 1) * GAP_MM;
  const height = perColumn * ROW_MM;
  const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": `${leads.length} leads plotted on ECG grid` });
  gridPattern(el("defs", {}, svg));
  for (let c = 0; c < columns; c++) {
    el("rect", { x: c * (colW + GAP_MM) + LABEL_MM, y: 0, width: paperW, height, fill: "url(#ecg-major)" }, svg);
  }
  leads.forEach((lead, i) => {
    const c = Math.floor(i / perColumn);
    const r = i % perColumn;
    const x0 = c * (colW + GAP_MM) + LABEL_MM;
    const yBase = r * ROW_MM + ROW_MM / 2;
    const { d, points } = tracePath(lead.physical, fs, x0, yBase);
    const g = el("g", { class: "lead", "data-lead": lead.name, "data-points": points }, svg);
    el("text", { x: x0 - LABEL_MM + 0.5, y: yBase + 1.1, class: "label" }, g).textContent = lead.name;
    el("path", { d, class: "trace" }, g);
  });
  container.replaceChildren(svg);
}
