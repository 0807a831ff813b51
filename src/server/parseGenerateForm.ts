import { resolveArtifactOptions } from "../artifacts/resolveArtifactOptions.js";
import type { ArtifactOptions } from "../artifacts/artifactOptions.js";
import { OptionError } from "../errors.js";
import type { RenderPageOptions } from "../render/renderPage.js";
import { resolveRenderOptions } from "../render/renderOptions.js";
import { Rng } from "../util/rng.js";
import { checkInteger } from "../util/validate.js";
import { BUNDLED_RECORDS } from "./bundledRecords.js";
import { HttpError } from "./httpError.js";
import { prepareUploadedRecord } from "./prepareUploadedRecord.js";
import type { Form } from "./readForm.js";
import type { GenerateTask, RecordSource } from "./workerTask.js";

/** The Generate form's text fields (beside the files "header" and "signals"). */
export const GENERATE_FIELDS = ["record", "seed", "render", "artifacts"] as const;

function jsonField(fields: Map<string, string>, name: string): Record<string, unknown> {
  const text = fields.get(name);
  if (text === undefined || text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new OptionError(name, "expected a JSON object");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new OptionError(name, "expected a JSON object");
  return value as Record<string, unknown>;
}

/**
 * The Generate form as a task: a record (a bundled name, or files "header" + "signals"), render
 * options and artifact options as JSON objects, and a seed. Options are checked here (by the
 * library's own resolvers) so that a bad value is answered at once rather than by a failed job.
 */
export function parseGenerateForm(form: Form): GenerateTask {
  const recordName = form.fields.get("record")?.trim() || "upload";
  let record: RecordSource;
  if (recordName === "upload") {
    const header = form.files.get("header");
    const signals = form.files.get("signals");
    if (!header || !signals) throw new HttpError(400, "to use your own record, upload its header (.hea) and its signal file (.dat or .mat)");
    record = { uploaded: prepareUploadedRecord(header.data, header.filename, signals.data, signals.filename) };
  } else {
    if (!BUNDLED_RECORDS.some((r) => r.name === recordName)) {
      throw new OptionError("record", `expected one of ${BUNDLED_RECORDS.map((r) => r.name).join(", ")} or "upload"`);
    }
    record = { bundled: recordName };
  }
  const artifacts = jsonField(form.fields, "artifacts") as ArtifactOptions;
  resolveArtifactOptions(artifacts);
  const seedText = form.fields.get("seed")?.trim();
  const seed = seedText ? checkInteger("seed", Number(seedText), 0, 2 ** 31 - 1) : 1;
  const render = jsonField(form.fields, "render") as RenderPageOptions;
  resolveRenderOptions(render, new Rng(seed));
  return { kind: "generate", record, render, artifacts, seed };
}
