import { ImageError } from "../errors.js";
import type { RgbaImage } from "../render/types.js";

const BI_RGB = 0;
const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;

export function isBmp(bytes: Uint8Array): boolean {
  return bytes.length >= 26 && bytes[0] === 0x42 && bytes[1] === 0x4d;
}

/**
 * Decodes Windows BMP (libvips, behind sharp, has no BMP loader): uncompressed 1/4/8-bit palette,
 * 16/24/32-bit, bit-field masks, bottom-up or top-down rows. RLE-compressed files get an error.
 */
export function decodeBmp(bytes: Uint8Array, name = "image"): RgbaImage {
  const fail = (msg: string): never => {
    throw new ImageError(name, `BMP: ${msg}`);
  };
  if (!isBmp(bytes)) fail("missing the 'BM' signature");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataOffset = view.getUint32(10, true);
  const headerSize = view.getUint32(14, true);
  let width: number, rawHeight: number, bitCount: number, compression = BI_RGB, paletteCount = 0;
  if (headerSize === 12) {
    width = view.getUint16(18, true);
    rawHeight = view.getInt16(20, true);
    bitCount = view.getUint16(24, true);
  } else if (headerSize >= 40 && bytes.length >= 14 + 40) {
    width = view.getInt32(18, true);
    rawHeight = view.getInt32(22, true);
    bitCount = view.getUint16(28, true);
    compression = view.getUint32(30, true);
    paletteCount = view.getUint32(46, true);
  } else {
    return fail(`unsupported header size ${headerSize} (expected 12, 40, 108 or 124)`);
  }
  const height = Math.abs(rawHeight);
  const topDown = rawHeight < 0;
  if (width <= 0 || height <= 0) fail(`bad size ${width} x ${height}`);
  if (width * height > 120_000_000) fail(`image of ${width} x ${height} px is too large`);
  if (compression !== BI_RGB && compression !== BI_BITFIELDS && compression !== BI_ALPHABITFIELDS) {
    fail(`compression ${compression} is not supported (only uncompressed and bit-field BMPs)`);
  }
  if (![1, 4, 8, 16, 24, 32].includes(bitCount)) fail(`bit depth ${bitCount} is not supported`);

  const masks = bitMasks(view, headerSize, bitCount, compression);
  const palette: number[][] = [];
  if (bitCount <= 8) {
    const entrySize = headerSize === 12 ? 3 : 4;
    const count = paletteCount || 1 << bitCount;
    const start = 14 + headerSize;
    for (let i = 0; i < count && start + i * entrySize + 2 < bytes.length; i++) {
      const o = start + i * entrySize;
      palette.push([bytes[o + 2]!, bytes[o + 1]!, bytes[o]!]);
    }
  }
  const stride = Math.ceil((width * bitCount) / 32) * 4;
  if (dataOffset + stride * height > bytes.length) {
    fail(`file is truncated: ${width} x ${height} px at ${bitCount} bits need ${dataOffset + stride * height} bytes, file has ${bytes.length}`);
  }
  const out = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const srcRow = dataOffset + (topDown ? y : height - 1 - y) * stride;
    let o = y * width * 4;
    for (let x = 0; x < width; x++, o += 4) {
      if (bitCount === 24) {
        const p = srcRow + x * 3;
        out[o] = bytes[p + 2]!;
        out[o + 1] = bytes[p + 1]!;
        out[o + 2] = bytes[p]!;
        out[o + 3] = 255;
      } else if (bitCount <= 8) {
        const bitPos = x * bitCount;
        const byte = bytes[srcRow + (bitPos >> 3)]!;
        const idx = (byte >> (8 - bitCount - (bitPos & 7))) & ((1 << bitCount) - 1);
        const c = palette[idx] ?? [0, 0, 0];
        out[o] = c[0]!;
        out[o + 1] = c[1]!;
        out[o + 2] = c[2]!;
        out[o + 3] = 255;
      } else {
        const v = bitCount === 16 ? view.getUint16(srcRow + x * 2, true) : view.getUint32(srcRow + x * 4, true);
        out[o] = channel(v, masks[0]!);
        out[o + 1] = channel(v, masks[1]!);
        out[o + 2] = channel(v, masks[2]!);
        out[o + 3] = masks[3] ? channel(v, masks[3]) : 255;
      }
    }
  }
  return { width, height, data: out };
}

function bitMasks(view: DataView, headerSize: number, bitCount: number, compression: number): number[] {
  if (compression === BI_BITFIELDS || compression === BI_ALPHABITFIELDS) {
    const m = [view.getUint32(54, true), view.getUint32(58, true), view.getUint32(62, true)];
    const hasAlpha = compression === BI_ALPHABITFIELDS || headerSize >= 56;
    return [...m, hasAlpha ? view.getUint32(66, true) : 0];
  }
  if (bitCount === 16) return [0x7c00, 0x03e0, 0x001f, 0];
  return [0x00ff0000, 0x0000ff00, 0x000000ff, 0];
}

function channel(value: number, mask: number): number {
  if (mask === 0) return 0;
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  const max = mask >>> shift;
  return Math.round((((value & mask) >>> shift) * 255) / max);
}
