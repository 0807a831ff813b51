import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readRecord } from "../wfdb/readRecord.js";
import type { WfdbRecord } from "../wfdb/types.js";
import { UPLOAD_RECORD_NAME } from "./prepareUploadedRecord.js";
import type { UploadedRecord } from "./workerTask.js";

/**
 * Reads an uploaded record (already checked by prepareUploadedRecord) through a private temporary
 * folder that is removed whatever happens. The record keeps its own name for display.
 */
export async function readUploadedRecord(upload: UploadedRecord): Promise<WfdbRecord> {
  const dir = await mkdtemp(join(tmpdir(), "ecgkit-upload-"));
  try {
    await writeFile(join(dir, `${UPLOAD_RECORD_NAME}.hea`), upload.header);
    await writeFile(join(dir, UPLOAD_RECORD_NAME + upload.dataExtension), upload.data);
    const record = await readRecord(join(dir, `${UPLOAD_RECORD_NAME}.hea`));
    return { ...record, name: upload.recordName };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
