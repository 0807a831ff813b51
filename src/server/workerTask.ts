import type { ArtifactOptions } from "../artifacts/artifactOptions.js";
import type { DigitizeOptions } from "../digitize/types.js";
import type { RenderPageOptions } from "../render/renderPage.js";

/** An uploaded WFDB record: header text and one signal file, stored under server-made names only. */
export interface UploadedRecord {
  header: string;
  data: Uint8Array;
  /** The record's own name, from its header: shown and printed, never used as a path. */
  recordName: string;
  /** ".dat" or ".mat", from the header's own signal file name. */
  dataExtension: ".dat" | ".mat";
}

/** Where the record to render comes from: a bundled one by its listed name, or an upload. */
export type RecordSource = { bundled: string } | { uploaded: UploadedRecord };

export interface DigitizeTask {
  kind: "digitize";
  image: Uint8Array;
  options: DigitizeOptions;
}

export interface GenerateTask {
  kind: "generate";
  record: RecordSource;
  render: RenderPageOptions;
  artifacts: ArtifactOptions;
  seed: number;
}

/** What the server hands a job worker (structured-cloned into the worker thread). */
export type WorkerTask = DigitizeTask | GenerateTask;
