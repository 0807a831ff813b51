import { plotLeads } from "./plot.js";

const $ = (id) => document.getElementById(id);
const POLL_MS = 400;
let config = { maxUploadBytes: 30 * 1024 * 1024 };

function megabytes(bytes) {
  return `${Math.round((bytes / 1048576) * 10) / 10} MB`;
}

function sizeText(bytes) {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : megabytes(bytes);
}

function fillSelect(select, values, labels = {}) {
  select.replaceChildren(...values.map((v) => new Option(labels[v] ?? v, v)));
}

function setError(box, message) {
  box.hidden = !message;
  box.textContent = message ?? "";
}

/** Shows the stages a job has gone through, the current one with a spinner. */
function showStatus(box, stages, job, startedAt) {
  box.hidden = false;
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  const head = document.createElement("div");
  const waiting = job.state === "queued" && job.position > 0 ? ` (${job.position} in line)` : "";
  head.innerHTML = job.state === "done" ? "" : '<span class="spinner"></span>';
  head.append(`${job.state === "done" ? "Finished" : "Working"}${waiting}: ${seconds} s`);
  const list = document.createElement("ol");
  stages.forEach((s, i) => {
    const li = document.createElement("li");
    li.textContent = s;
    li.className = i < stages.length - 1 || job.state === "done" ? "done" : "now";
    list.append(li);
  });
  box.replaceChildren(head, list);
}

async function errorOf(response) {
  try {
    const body = await response.json();
    if (body && typeof body.error === "string") return body.error;
  } catch {
    // not JSON: fall through to the status line
  }
  return `the server answered ${response.status} ${response.statusText}`;
}

/** Posts a form, then polls the job until it is done; throws an Error whose message is for people. */
async function runJob(url, formData, statusBox, isCurrent = () => true) {
  const startedAt = Date.now();
  const stages = ["uploading"];
  showStatus(statusBox, stages, { state: "running" }, startedAt);
  let response;
  try {
    response = await fetch(url, { method: "POST", body: formData });
  } catch {
    throw new Error("the server could not be reached (is `ecgkit serve` still running?)");
  }
  if (!response.ok) throw new Error(await errorOf(response));
  let job = await response.json();
  for (;;) {
    if (job.stage && job.stage !== stages[stages.length - 1] && !["done", "failed"].includes(job.stage)) stages.push(job.stage);
    if (isCurrent()) showStatus(statusBox, stages, job, startedAt);
    if (job.state === "done") return job;
    if (job.state === "failed") throw new Error(job.error ?? "the job failed");
    await new Promise((r) => setTimeout(r, POLL_MS));
    const poll = await fetch(`/api/jobs/${job.id}`);
    if (!poll.ok) throw new Error(await errorOf(poll));
    job = await poll.json();
  }
}

function downloadLinks(box, job, labels) {
  box.replaceChildren(
    ...job.files
      .filter((f) => labels[f.name])
      .map((f) => {
        const a = document.createElement("a");
        a.href = f.url;
        a.download = `ecg-${f.name}`;
        a.dataset.file = f.name;
        a.append(labels[f.name] + " ");
        const small = document.createElement("small");
        small.textContent = sizeText(f.bytes);
        a.append(small);
        return a;
      }),
  );
}

function fillList(dl, rows) {
  dl.replaceChildren();
  for (const [term, value] of rows) {
    if (value === undefined || value === null || value === "") continue;
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    if (value instanceof Node) dd.append(value);
    else dd.textContent = String(value);
    dl.append(dt, dd);
  }
}

function fillWarnings(ul, warnings) {
  ul.replaceChildren();
  const list = [...new Set(warnings ?? [])];
  if (list.length === 0) {
    const li = document.createElement("li");
    li.className = "none";
    li.textContent = "none";
    ul.append(li);
  }
  for (const w of list) {
    const li = document.createElement("li");
    li.textContent = w;
    ul.append(li);
  }
}

const fixed = (v, digits) => (typeof v === "number" && Number.isFinite(v) ? v.toFixed(digits) : undefined);

/* ---------- Digitize ---------- */

function describeReport(report) {
  const rows = [];
  if (report.pxPerMmX !== undefined) {
    const dpi = fixed(((report.pxPerMmX + report.pxPerMmY) / 2) * 25.4, 0);
    rows.push(["Grid", `${fixed(report.pxPerMmX, 2)} × ${fixed(report.pxPerMmY, 2)} px/mm (≈ ${dpi} dpi)`]);
  }
  if (report.rotationDeg !== undefined) rows.push(["Rotation", `${fixed(report.rotationDeg, 2)}° (undone)`]);
  rows.push(["Layout", report.layout]);
  const cal = report.calibration;
  if (cal) {
    const text = cal.found
      ? `pulse ${fixed(cal.heightMm, 1)} mm tall in ${cal.rowsWithPulse} row(s): ${cal.gainMmPerMv} mm/mV`
      : `no pulse found; ${cal.gainMmPerMv} mm/mV (${cal.source})`;
    rows.push(["Calibration", text]);
  }
  if (report.paperSpeedMmPerS !== undefined) rows.push(["Paper speed", `${report.paperSpeedMmPerS} mm/s`]);
  if (report.confidence !== undefined) rows.push(["Confidence", `${fixed(report.confidence * 100, 0)} % of trace columns found`]);
  if (Array.isArray(report.leads) && report.leads.length) {
    const grid = document.createElement("div");
    grid.className = "conf";
    for (const l of report.leads) {
      const span = document.createElement("span");
      span.textContent = `${l.name} ${fixed(l.confidence * 100, 0)}%`;
      span.title = `row ${l.row + 1}, column ${l.col + 1}, ${fixed(l.startS, 2)}-${fixed(l.endS, 2)} s`;
      if (l.confidence < 0.7) span.className = "low";
      grid.append(span);
    }
    rows.push(["Per lead", grid]);
  }
  if (report.elapsedMs !== undefined) rows.push(["Time", `${fixed(report.elapsedMs / 1000, 1)} s`]);
  return rows;
}

let digitizeImages = { image: "", overlay: "" };
let digitizeRun = 0;

async function digitize(file) {
  // Only the latest file's result is shown, whichever job finishes first.
  const run = ++digitizeRun;
  const errorBox = $("digitize-error");
  setError(errorBox);
  $("digitize-result").hidden = true;
  if (file.size === 0) return setError(errorBox, "the chosen file is empty");
  if (file.size > config.maxUploadBytes) {
    return setError(errorBox, `the file is ${megabytes(file.size)}; the limit is ${megabytes(config.maxUploadBytes)}`);
  }
  const data = new FormData($("digitize-form"));
  data.delete("image");
  data.append("image", file, file.name);
  try {
    const job = await runJob("/api/digitize", data, $("digitize-status"), () => run === digitizeRun);
    const fileUrl = (name) => job.files.find((f) => f.name === name)?.url ?? "";
    const resultResponse = await fetch(fileUrl("result.json"));
    if (!resultResponse.ok) throw new Error(await errorOf(resultResponse));
    const result = await resultResponse.json();
    if (run !== digitizeRun) return;
    digitizeImages = { image: fileUrl("image.png"), overlay: fileUrl("overlay.png") };
    $("overlay-toggle").disabled = !digitizeImages.overlay;
    showDigitizeImage();
    fillList($("found"), describeReport(job.summary.report ?? {}));
    fillWarnings($("warnings"), job.summary.warnings);
    downloadLinks($("digitize-downloads"), job, {
      "record.zip": "WFDB (.hea + .dat, zip)",
      "signals.csv": "CSV",
      "result.json": "JSON",
      "overlay.png": "Overlay image",
    });
    $("digitize-result").hidden = false;
    plotLeads($("leads-plot"), result);
  } catch (err) {
    if (run !== digitizeRun) return;
    $("digitize-status").hidden = true;
    setError(errorBox, err.message);
  }
}

function showDigitizeImage() {
  const useOverlay = $("overlay-toggle").checked && digitizeImages.overlay;
  $("digitize-image").src = useOverlay ? digitizeImages.overlay : digitizeImages.image;
}

function setUpDigitize() {
  const input = $("image-input");
  const drop = $("drop");
  let lastFile;
  input.addEventListener("change", () => {
    if (input.files?.[0]) void digitize((lastFile = input.files[0]));
  });
  for (const type of ["dragenter", "dragover"]) {
    drop.addEventListener(type, (e) => {
      e.preventDefault();
      drop.classList.add("over");
    });
  }
  for (const type of ["dragleave", "drop"]) drop.addEventListener(type, () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    const file = e.dataTransfer?.files?.[0];
    if (file) void digitize((lastFile = file));
  });
  // Changing an option re-reads the last image with the new setting.
  $("digitize-form").addEventListener("change", (e) => {
    if (e.target !== input && lastFile) void digitize(lastFile);
  });
  $("overlay-toggle").addEventListener("change", showDigitizeImage);
  // A file dropped anywhere on the Digitize page is read, not opened by the browser in place of the app.
  document.addEventListener("dragover", (e) => e.preventDefault());
  document.addEventListener("drop", (e) => {
    e.preventDefault();
    const file = e.dataTransfer?.files?.[0];
    if (file && !$("page-digitize").hidden && !drop.contains(e.target)) void digitize((lastFile = file));
  });
}

/* ---------- Generate ---------- */

function artifactOptions(form) {
  const value = (name) => Number(form.elements[name].value);
  const artifacts = { preset: form.elements.preset.value };
  // A slider at 0 leaves the preset's own setting.
  if (value("rotationDeg") > 0) artifacts.rotation = { probability: 1, angleDeg: [-value("rotationDeg"), value("rotationDeg")] };
  if (value("noiseSd") > 0) artifacts.noise = { probability: 1, gaussianSd: [value("noiseSd"), value("noiseSd")] };
  if (value("blurPx") > 0) artifacts.blur = { probability: 1, sigmaPx: [Math.max(0.3, value("blurPx")), Math.max(0.3, value("blurPx"))] };
  if (value("handwriting") > 0) artifacts.handwriting = { probability: value("handwriting") };
  return artifacts;
}

function renderOptions(form) {
  const rhythm = form.elements.rhythm.value;
  return {
    ...(rhythm === "default" ? {} : { rhythmLeads: rhythm ? rhythm.split(",") : [] }),
    layout: form.elements.layout.value,
    paper: form.elements.paper.value,
    gridColor: form.elements.gridColor.value,
    paperSpeedMmPerS: Number(form.elements.paperSpeedMmPerS.value),
    gainMmPerMv: Number(form.elements.gainMmPerMv.value),
    resolutionDpi: Number(form.elements.resolutionDpi.value),
    header: form.elements.printedHeader.value,
  };
}

function describeArtifacts(artifacts) {
  if (artifacts === undefined || artifacts === null) return undefined;
  if (Array.isArray(artifacts)) return artifacts.map((a) => (typeof a === "string" ? a : a.name ?? JSON.stringify(a))).join(", ") || "none";
  if (typeof artifacts === "object") {
    const applied = artifacts.applied ?? {};
    const names = Array.isArray(applied) ? applied.map((a) => (typeof a === "string" ? a : a.name)) : Object.keys(applied);
    return `${artifacts.preset ? `preset ${artifacts.preset}: ` : ""}${names.join(", ") || "none applied"}`;
  }
  return String(artifacts);
}

let generatedImages = { image: "", mask: "" };

function showGeneratedImage() {
  const useMask = $("mask-toggle").checked && generatedImages.mask;
  $("generate-image").src = useMask ? generatedImages.mask : generatedImages.image;
}

async function generate(event) {
  event.preventDefault();
  const form = $("generate-form");
  const errorBox = $("generate-error");
  setError(errorBox);
  $("generate-result").hidden = true;
  const data = new FormData();
  data.append("record", form.elements.record.value);
  if (form.elements.record.value === "upload") {
    const header = form.elements.header.files[0];
    const signals = form.elements.signals.files[0];
    if (!header || !signals) return setError(errorBox, "choose both the header (.hea) and the signal file (.dat or .mat)");
    data.append("header", header, header.name);
    data.append("signals", signals, signals.name);
  }
  data.append("seed", form.elements.seed.value);
  data.append("render", JSON.stringify(renderOptions(form)));
  data.append("artifacts", JSON.stringify(artifactOptions(form)));
  $("generate-button").disabled = true;
  try {
    const job = await runJob("/api/generate", data, $("generate-status"));
    const s = job.summary;
    generatedImages = { image: job.files.find((f) => f.name === "image.png").url, mask: job.files.find((f) => f.name === "traces.png")?.url ?? "" };
    showGeneratedImage();
    $("generate-caption").textContent = `${s.record.name}: ${s.image.width} × ${s.image.height} px`;
    const settings = s.settings ?? {};
    fillList($("generated"), [
      ["Record", `${s.record.name} (${s.record.signals.length} signals, ${s.record.samplingFrequencyHz} Hz)`],
      ["Image", `${s.image.width} × ${s.image.height} px at ${settings.resolutionDpi} dpi`],
      ["Paper", settings.paper],
      ["Layout", settings.layout],
      ["Speed, gain", `${settings.paperSpeedMmPerS} mm/s, ${settings.gainMmPerMv} mm/mV`],
      ["Grid", settings.gridColor],
      ["Leads drawn", s.leads.join(", ")],
      ["Artifacts", describeArtifacts(settings.artifacts)],
    ]);
    fillWarnings($("generate-warnings"), s.warnings);
    downloadLinks($("generate-downloads"), job, {
      "image.png": "Image (PNG)",
      "annotation.json": "Annotation (JSON)",
      "masks.zip": "Masks (PNG per lead, zip)",
      "traces.png": "Trace mask (PNG)",
    });
    $("generate-result").hidden = false;
  } catch (err) {
    $("generate-status").hidden = true;
    setError(errorBox, err.message);
  } finally {
    $("generate-button").disabled = false;
  }
}

function setUpGenerate() {
  const form = $("generate-form");
  const records = config.records ?? [];
  const select = $("record-select");
  select.replaceChildren(...records.map((r) => new Option(r.name, r.name)), new Option("my own record…", "upload"));
  const showRecord = () => {
    $("record-upload").hidden = select.value !== "upload";
    $("record-hint").textContent = records.find((r) => r.name === select.value)?.description ?? "Upload a WFDB header and its one signal file.";
  };
  select.addEventListener("change", showRecord);
  showRecord();
  $("mask-toggle").addEventListener("change", showGeneratedImage);
  fillSelect($("render-layout"), config.renderLayouts ?? ["3x4"], { auto: "one row per signal" });
  fillSelect($("paper-select"), config.papers ?? ["letter"]);
  fillSelect($("grid-select"), config.gridColors ?? ["red"]);
  fillSelect($("preset-select"), config.artifactPresets ?? ["clean"]);
  for (const range of form.querySelectorAll('input[type="range"]')) {
    const out = range.nextElementSibling;
    const show = () => (out.textContent = range.name !== "resolutionDpi" && Number(range.value) === 0 ? "preset" : range.value);
    range.addEventListener("input", show);
    show();
  }
  form.addEventListener("submit", generate);
}

/* ---------- Tabs ---------- */

function setUpTabs() {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  for (const tab of tabs) {
    tab.addEventListener("click", () => {
      for (const t of tabs) {
        t.setAttribute("aria-selected", String(t === tab));
        $(t.getAttribute("aria-controls")).hidden = t !== tab;
      }
      history.replaceState(null, "", tab.id === "tab-generate" ? "#generate" : "#digitize");
    });
  }
  if (location.hash === "#generate") $("tab-generate").click();
}

async function start() {
  try {
    const response = await fetch("/api/config");
    if (response.ok) config = await response.json();
  } catch {
    // keep the defaults; the first request will report the server's absence
  }
  for (const span of document.querySelectorAll(".max-upload")) span.textContent = megabytes(config.maxUploadBytes);
  fillSelect($("digitize-layout"), config.digitizeLayouts ?? ["auto"], { auto: "detect" });
  setUpTabs();
  setUpDigitize();
  setUpGenerate();
  document.body.dataset.ready = "true";
}

void start();
