/**
 * The command table. Each command lives in its own module, loaded only when it runs,
 * and exports `run(argv): Promise<number>` (the exit code).
 */
export interface CommandModule {
  run(argv: string[]): Promise<number>;
}

export interface CommandEntry {
  summary: string;
  load(): Promise<CommandModule>;
}

export const commands: Record<string, CommandEntry> = {
  info: { summary: "Show the signals of a WFDB record", load: () => import("./info.js") },
  convert: { summary: "Convert a WFDB record to CSV, JSON or another WFDB format", load: () => import("./convert.js") },
  generate: { summary: "Render WFDB records onto ECG paper with exact ground truth (batch)", load: () => import("./generate.js") },
  serve: { summary: "Run the local web app (digitize and generate in a browser)", load: () => import("./serve.js") },
  grid: { summary: "Estimate an ECG image's grid (px per mm, rotation) with three estimators", load: () => import("./grid.js") },
  analyze: { summary: "Check an ECG image before digitizing: scale, dpi, rotation, grid colour, layout, warnings", load: () => import("./analyze.js") },
  evaluate: { summary: "Score digitized records against references (Challenge 2024 SNR)", load: () => import("./evaluate.js") },
  digitize: { summary: "Read ECG images into calibrated WFDB records (batch, with overlays)", load: () => import("./digitize.js") },
};
