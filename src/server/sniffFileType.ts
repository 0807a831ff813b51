/** Image formats the server accepts, named by what their first bytes say (never by file name). */
export type ImageKind = "png" | "jpeg" | "bmp" | "tiff" | "webp";

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  return prefix.every((b, i) => bytes[at + i] === b);
}

/** "BM" alone is common in text: also ask for zero reserved bytes and a known DIB header size. */
function isBmpHeader(bytes: Uint8Array): boolean {
  if (bytes.length < 26) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return view.getUint32(6, true) === 0 && [12, 40, 52, 56, 64, 108, 124].includes(view.getUint32(14, true));
}

/** The image format of `bytes` by its magic number, or undefined when it is none of the accepted ones. */
export function sniffFileType(bytes: Uint8Array): ImageKind | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(bytes, [0x42, 0x4d]) && isBmpHeader(bytes)) return "bmp";
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return "tiff";
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return "webp";
  return undefined;
}

/** A few words on what a rejected upload looks like, so the error can say more than "wrong type". */
export function describeContent(bytes: Uint8Array): string {
  if (bytes.length === 0) return "it is empty";
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return "it looks like a PDF";
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return "it looks like a GIF";
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return "it looks like a ZIP archive";
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, 512), { stream: true });
  } catch {
    return "its content is not recognised";
  }
  return /[\u0000-\u0008\u000e-\u001f]/.test(text) ? "its content is not recognised" : "it looks like text";
}
