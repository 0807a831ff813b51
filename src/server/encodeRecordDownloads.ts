import { strToU8, zipSync } from "fflate";
import { parseHeader } from "../wfdb/parseHeader.js";
import { recordToCsv } from "../wfdb/recordToCsv.js";
import { recordToJson } from "../wfdb/recordToJson.js";
import type { WfdbRecord, WfdbWriteInput } from "../wfdb/types.js";
import { encodeRecord } from "../wfdb/writeRecord.js";
import type { JobFile } from "./jobQueue.js";

/**
 * A record as the three downloads the Digitize page offers, written by the same functions as
 * `ecgkit convert`: WFDB (.hea + .dat, zipped), CSV, and JSON with `extra` (the report) merged in.
 * CSV and JSON carry the digitized values themselves, not their 16-bit WFDB quantization.
 */
export function encodeRecordDownloads(input: WfdbWriteInput, extra: Record<string, unknown>): { files: JobFile[]; warnings: string[] } {
  const encoded = encodeRecord(input, {});
  const zipped = zipSync({
    [`${input.name}.hea`]: strToU8(encoded.header),
    ...Object.fromEntries(encoded.signalFiles.map((f) => [f.name, f.data])),
  });
  const header = parseHeader(encoded.header, `${input.name}.hea`);
  const record: WfdbRecord = {
    name: input.name,
    header,
    samplingFrequencyHz: input.samplingFrequencyHz,
    nSamples: Math.max(0, ...input.signals.map((s) => s.physical.length)),
    startSample: 0,
    signalNames: input.signals.map((s) => s.name),
    units: header.signals.map((s) => s.units),
    physical: input.signals.map((s) => Float64Array.from(s.physical)),
    warnings: encoded.warnings,
  };
  return {
    files: [
      { name: "record.zip", contentType: "application/zip", data: zipped },
      { name: "signals.csv", contentType: "text/csv; charset=utf-8", data: strToU8(recordToCsv(record)) },
      { name: "result.json", contentType: "application/json; charset=utf-8", data: strToU8(JSON.stringify({ ...recordToJson(record), ...extra })) },
    ],
    warnings: encoded.warnings,
  };
}
