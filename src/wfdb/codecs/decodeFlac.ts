import { FLACDecoder } from "@wasm-audio-decoders/flac";
import { WfdbFormatError } from "../../errors.js";

/**
 * Decodes a WFDB FLAC signal file (formats 508/516/524) into its sample stream, frame by frame:
 * channel c of the FLAC stream is sample c of each WFDB frame. The decoder hands back each sample
 * as float32(x) / (2^(bits-1) - 1); for up to 24 bits the integer is recovered exactly by rounding
 * (intFromFlacFloat).
 */
export async function decodeFlac(bytes: Uint8Array, file: string, frameSize: number, bits: number): Promise<Int32Array> {
  const err = (field: string, msg: string) => new WfdbFormatError({ file, field }, msg);
  if (!(bytes[0] === 0x66 && bytes[1] === 0x4c && bytes[2] === 0x61 && bytes[3] === 0x43)) {
    throw err("FLAC signature", `expected a FLAC stream starting with "fLaC", found ${JSON.stringify(String.fromCharCode(...bytes.subarray(0, 4)))}`);
  }
  const decoder = new FLACDecoder();
  await decoder.ready;
  try {
    const out = await decoder.decodeFile(bytes);
    if (out.errors.length) throw err("FLAC data", `expected a valid FLAC stream, found: ${out.errors.map((e) => e.message).join("; ")}`);
    if (out.samplesDecoded === 0) return new Int32Array(0);
    if (out.channelData.length !== frameSize) {
      throw err("FLAC channels", `expected ${frameSize} channel(s), one per sample of a frame, found ${out.channelData.length}`);
    }
    if (out.bitDepth !== bits) throw err("FLAC bits per sample", `expected ${bits} bits as the format says, found ${out.bitDepth}`);
    const D = 2 ** (bits - 1) - 1;
    const n = out.samplesDecoded;
    const flat = new Int32Array(n * frameSize);
    for (let c = 0; c < frameSize; c++) {
      const ch = out.channelData[c]!;
      for (let t = 0; t < n; t++) {
        flat[t * frameSize + c] = intFromFlacFloat(ch[t]!, D);
      }
    }
    return flat;
  } finally {
    decoder.free();
  }
}

/**
 * The integer x whose float32 quotient x / D is q (D = 2^(bits-1) - 1). The quotient's relative
 * error is at most 2^-24, so for |x| <= 2^23 q * D is within half a unit of x and rounding recovers it.
 */
export function intFromFlacFloat(q: number, D: number): number {
  return Math.round(q * D);
}
