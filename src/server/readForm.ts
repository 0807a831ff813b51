import type { FastifyRequest } from "fastify";
import { HttpError } from "./httpError.js";

export interface UploadedFile {
  /** The name the browser sent: for messages and comparisons only, never a path. */
  filename: string;
  data: Buffer;
}

export interface Form {
  files: Map<string, UploadedFile>;
  fields: Map<string, string>;
}

/**
 * Reads a multipart form into memory (the size limits of the multipart plugin apply) and rejects
 * what is not a form, or a form that repeats a field or sends a field it does not expect.
 */
export async function readForm(request: FastifyRequest, fileFields: readonly string[], textFields: readonly string[]): Promise<Form> {
  if (!request.isMultipart()) {
    const length = Number(request.headers["content-length"] ?? 0);
    if (!length) throw new HttpError(400, "the request is empty: choose a file to upload");
    throw new HttpError(415, "send the upload as a multipart/form-data form (as the page does)");
  }
  const form: Form = { files: new Map(), fields: new Map() };
  // Read the whole form before refusing it: answering mid-upload would reset the connection.
  let problem: HttpError | undefined;
  const refuse = (message: string) => (problem ??= new HttpError(400, message));
  for await (const part of request.parts()) {
    const repeated = form.files.has(part.fieldname) || form.fields.has(part.fieldname);
    if (repeated) refuse(`the form field "${part.fieldname}" was sent twice`);
    if (part.type === "file") {
      const data = await part.toBuffer();
      if (!fileFields.includes(part.fieldname)) refuse(`unexpected file in field "${part.fieldname}"; expected ${fileFields.join(" or ")}`);
      else if (!repeated) form.files.set(part.fieldname, { filename: part.filename, data });
    } else if (!textFields.includes(part.fieldname)) {
      refuse(`unknown form field "${part.fieldname}"; expected ${textFields.join(", ")}`);
    } else if (!repeated) {
      form.fields.set(part.fieldname, String(part.value));
    }
  }
  if (problem) throw problem;
  return form;
}
