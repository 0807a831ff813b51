import { CliError } from "../errors.js";
import type { ArtifactOptions } from "../artifacts/applyArtifacts.js";
import { generateImages, parseShard, type GenerateImagesOptions } from "../render/generateImages.js";
import { loadConfigFile, loadLayoutFile } from "../render/loadConfigFile.js";
import type { RenderPageOptions } from "../render/renderOptions.js";
import { parseNumberOption } from "../util/validate.js";
import { parseCommandArgs } from "./args.js";

const HELP = `Usage: ecgkit generate -i RECORD|DIR -o DIR [options]

Renders WFDB records (.hea with .dat or .mat; folders searched recursively) onto ECG paper.
Per page: <name>-<p>.png, .json (ECG-Image-Kit schema + "ecgkit" fields; pixels where traces
overlap in ecgkit.mask_overlaps), -mask.png (8-bit: topmost lead cell + 1), .txt (YOLO boxes),
.hea/.dat (the record; with --mask-unplotted only what the page shows).

Batch:
  -i, --input PATH         record (with or without .hea) or folder
  -o, --output DIR         output folder (input folders are mirrored)
  -c, --config FILE        YAML/JSON options (flags override it); see README "## Generate"
  --seed S                 base seed (default 0); per record: derived from S and its path
  --workers N              worker threads (default: all cores)
  --shard i/N              only records k with k mod N = i (0-based)
  --resume                 skip records whose pages are all written
  --max-pages N            most pages per record (default: all)
  --mask-unplotted         in the written record, samples not shown are invalid
  --mask16                 also write -mask16.png (16-bit, bit k = layout cell k)
  --no-record --no-masks --no-yolo   leave those outputs out
  --png-level N            PNG zlib level 0-9 (default 1)
  --preset NAME            artifact preset: clean, scan, fax, photo, random (default clean)
  --quiet                  no progress bar

Page:
  --layout L               3x4, 6x2, 12x1, 2x1, RxC, auto, or a YAML/JSON layout file
  --rhythm LEADS           rhythm strips, comma-separated (default II for 3x4; "none")
  --simultaneous           all columns show the same time window (default: sequential)
  --cabrera                Cabrera lead order (aVL, I, -aVR, II, aVF, III)
  --paper P                letter, a4, legal or WxH in mm (default letter)
  --portrait               portrait orientation (default landscape)
  --dpi N                  50-600 (default 200)
  --padding-mm N           white border (default 0)
  --speed N                paper speed mm/s (default 25)
  --gain N                 mm/mV (default 10)       --chest-gain N   mm/mV for V leads
  --grid C                 red, pink, orange, brown, blue, green, grey, bw, random, none, #rrggbb
  --minor-width-mm N  --major-width-mm N  --trace-color C  --trace-width-mm N
  --calibration P          start, end, none (default start)
  --no-labels --no-separators --no-footer
  --header H               none, info (WFDB info strings, heart rate), full (+ invented identity)
  --qr                     QR code with the record name
  --start-s N              offset of the first page, s
`;

const FLAGS = {
  input: { type: "string", short: "i" },
  output: { type: "string", short: "o" },
  config: { type: "string", short: "c" },
  seed: { type: "string" },
  workers: { type: "string" },
  shard: { type: "string" },
  resume: { type: "boolean" },
  "max-pages": { type: "string" },
  "mask-unplotted": { type: "boolean" },
  mask16: { type: "boolean" },
  "no-record": { type: "boolean" },
  "no-masks": { type: "boolean" },
  "no-yolo": { type: "boolean" },
  "png-level": { type: "string" },
  preset: { type: "string" },
  quiet: { type: "boolean" },
  layout: { type: "string" },
  rhythm: { type: "string" },
  simultaneous: { type: "boolean" },
  cabrera: { type: "boolean" },
  paper: { type: "string" },
  portrait: { type: "boolean" },
  dpi: { type: "string" },
  "padding-mm": { type: "string" },
  speed: { type: "string" },
  gain: { type: "string" },
  "chest-gain": { type: "string" },
  grid: { type: "string" },
  "minor-width-mm": { type: "string" },
  "major-width-mm": { type: "string" },
  "trace-color": { type: "string" },
  "trace-width-mm": { type: "string" },
  calibration: { type: "string" },
  "no-labels": { type: "boolean" },
  "no-separators": { type: "boolean" },
  "no-footer": { type: "boolean" },
  header: { type: "string" },
  qr: { type: "boolean" },
  "start-s": { type: "string" },
} as const;

export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs("generate", argv, FLAGS, HELP);
  if (!args) return 0;
  const { values: v, positionals } = args;
  const str = (k: keyof typeof FLAGS) => v[k] as string | undefined;
  const input = str("input") ?? positionals[0];
  const output = str("output");
  if (!input || !output) throw new CliError('ecgkit generate: -i INPUT and -o DIR are required. Try "ecgkit generate --help".', 2);
  const options: GenerateImagesOptions = str("config") ? await loadConfigFile(str("config")!) : {};
  const render: RenderPageOptions = { ...options.render };
  const num = (flag: keyof typeof FLAGS, min: number, max: number) => (str(flag) === undefined ? undefined : parseNumberOption(flag, str(flag), 0, min, max));
  const set = <K extends keyof RenderPageOptions>(k: K, value: RenderPageOptions[K] | undefined) => {
    if (value !== undefined) render[k] = value;
  };
  const layout = str("layout");
  if (layout) set("layout", /\.(ya?ml|json)$/i.test(layout) ? await loadLayoutFile(layout) : layout);
  const rhythm = str("rhythm");
  if (rhythm !== undefined) set("rhythmLeads", rhythm === "none" ? [] : rhythm.split(",").map((s) => s.trim()).filter(Boolean));
  if (v.simultaneous) set("columnTiming", "simultaneous");
  if (v.cabrera) set("leadOrder", "cabrera");
  set("paper", str("paper"));
  if (v.portrait) set("orientation", "portrait");
  set("resolutionDpi", num("dpi", 50, 600));
  set("paddingMm", num("padding-mm", 0, 50));
  set("paperSpeedMmPerS", num("speed", 5, 100));
  set("gainMmPerMv", num("gain", 1, 50));
  set("chestGainMmPerMv", num("chest-gain", 1, 50));
  set("gridColor", str("grid"));
  set("minorLineWidthMm", num("minor-width-mm", 0, 2));
  set("majorLineWidthMm", num("major-width-mm", 0.01, 2));
  set("traceColor", str("trace-color"));
  set("traceWidthMm", num("trace-width-mm", 0.01, 3));
  set("calibrationPulse", str("calibration") as RenderPageOptions["calibrationPulse"]);
  if (v["no-labels"]) set("leadLabels", false);
  if (v["no-separators"]) set("separators", false);
  if (v["no-footer"]) set("footer", false);
  set("header", str("header") as RenderPageOptions["header"]);
  if (v.qr) set("qrCode", true);
  set("startS", num("start-s", 0, 1e9));
  options.render = render;
  if (str("seed") !== undefined) options.seed = str("seed");
  if (str("workers") !== undefined) options.workers = num("workers", 1, 1024);
  if (str("shard") !== undefined) options.shard = parseShard(str("shard")!);
  if (v.resume) options.resume = true;
  if (str("max-pages") !== undefined) options.maxPages = num("max-pages", 1, 1e9);
  if (v["mask-unplotted"]) options.maskUnplotted = true;
  if (v.mask16) options.mask16 = true;
  if (v["no-record"]) options.record = false;
  if (v["no-masks"]) options.masks = false;
  if (v["no-yolo"]) options.yolo = false;
  if (str("png-level") !== undefined) options.pngCompressionLevel = num("png-level", 0, 9);
  if (str("preset") !== undefined) options.artifacts = { ...options.artifacts, preset: str("preset") } as ArtifactOptions;
  options.progress = !v.quiet;
  const s = await generateImages(input, output, options);
  if (s.records === 0) {
    process.stderr.write(`ecgkit generate: no WFDB records (.hea) under ${input}${options.shard ? " in this shard" : ""}\n`);
    return 1;
  }
  const rate = s.images / Math.max(s.seconds, 1e-9);
  process.stdout.write(
    `generate: ${s.images} images from ${s.generated} records in ${s.seconds.toFixed(1)} s (${rate.toFixed(2)} images/s, ${s.workers} workers)` +
      `${s.skipped ? `, ${s.skipped} records already done` : ""}${s.failed.length ? `, ${s.failed.length} failed` : ""} -> ${output}\n`,
  );
  const nWarn = s.warnings.reduce((n, w) => n + w.warnings.length, 0);
  if (nWarn) process.stdout.write(`  ${nWarn} warnings (listed in each page's JSON under ecgkit.warnings)\n`);
  for (const f of s.failed) process.stderr.write(`  failed: ${f.relPath}: ${f.error}\n`);
  return s.failed.length ? 1 : 0;
}
