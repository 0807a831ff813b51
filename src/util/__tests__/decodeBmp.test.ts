import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { decodeBmp } from "../decodeBmp.js";
import { readImage } from "../image.js";
import { sharedPath } from "../../testdata.js";
import { ImageError } from "../../errors.js";

/** Builds a BMP by hand: 40-byte header, given bit depth, bottom-up unless height < 0. */
function makeBmp(width: number, height: number, bitCount: 8 | 24 | 32, pixel: (x: number, y: number) => [number, number, number]): Uint8Array {
  const rows = Math.abs(height);
  const stride = Math.ceil((width * bitCount) / 32) * 4;
  const paletteBytes = bitCount === 8 ? 256 * 4 : 0;
  const offset = 54 + paletteBytes;
  const bytes = new Uint8Array(offset + stride * rows);
  const v = new DataView(bytes.buffer);
  bytes[0] = 0x42;
  bytes[1] = 0x4d;
  v.setUint32(2, bytes.length, true);
  v.setUint32(10, offset, true);
  v.setUint32(14, 40, true);
  v.setInt32(18, width, true);
  v.setInt32(22, height, true);
  v.setUint16(26, 1, true);
  v.setUint16(28, bitCount, true);
  if (bitCount === 8) for (let i = 0; i < 256; i++) bytes.set([i, 255 - i, i >> 1, 0], 54 + i * 4);
  for (let y = 0; y < rows; y++) {
    const fileRow = height > 0 ? rows - 1 - y : y;
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      const o = offset + fileRow * stride + (x * bitCount) / 8;
      if (bitCount === 8) bytes[o] = r; // palette index; colour (b=i, g=255-i, r=i>>1)
      else bytes.set([b, g, r], o);
    }
  }
  return bytes;
}

describe("decodeBmp", () => {
  const colour = (x: number, y: number): [number, number, number] => [(x * 37) & 255, (y * 11) & 255, (x + y) & 255];

  it("reads 24- and 32-bit pixels at their place, bottom-up and top-down", () => {
    for (const bits of [24, 32] as const) {
      for (const h of [5, -5]) {
        const img = decodeBmp(makeBmp(7, h, bits, colour));
        expect([img.width, img.height]).toEqual([7, 5]);
        for (const [x, y] of [[0, 0], [6, 0], [3, 4], [6, 4]] as const) {
          const o = (y * 7 + x) * 4;
          expect(Array.from(img.data.slice(o, o + 4))).toEqual([...colour(x, y), 255]);
        }
      }
    }
  });

  it("maps 8-bit indices through the palette", () => {
    const img = decodeBmp(makeBmp(3, 2, 8, (x, y) => [x + 10 * y, 0, 0]));
    const o = (1 * 3 + 2) * 4; // x=2, y=1 -> index 12 -> palette (b=12, g=243, r=6)
    expect(Array.from(img.data.slice(o, o + 3))).toEqual([6, 243, 12]);
  });

  it("names a truncated file", () => {
    const bytes = makeBmp(10, 10, 24, colour).slice(0, 100);
    expect(() => decodeBmp(bytes, "scan.bmp")).toThrow(/scan\.bmp: BMP: file is truncated/);
  });

  it("reads the shared real BMP scans through readImage, as sharp reads the same pixels from PNG", async () => {
    const path = sharedPath("images", "real", "ecg00019.bmp");
    const img = await readImage(path);
    expect([img.width, img.height]).toEqual([640, 289]);
    const png = await sharp(Buffer.from(img.data.buffer), { raw: { width: 640, height: 289, channels: 4 } }).png().toBuffer();
    const back = await readImage(png);
    expect(Buffer.from(back.data).equals(Buffer.from(img.data))).toBe(true);
    // the file's first stored pixel (bottom-left) is BGR c7 a0 ff -> RGB ff a0 c7
    const o = (288 * 640) * 4;
    expect(Array.from(img.data.slice(o, o + 3))).toEqual([0xff, 0xa0, 0xc7]);
  });

  it("rejects RLE-compressed BMPs with a clear error", () => {
    const bytes = makeBmp(4, 4, 8, colour);
    new DataView(bytes.buffer).setUint32(30, 1, true);
    expect(() => decodeBmp(bytes, "x.bmp")).toThrow(ImageError);
    expect(() => decodeBmp(bytes, "x.bmp")).toThrow(/compression 1 is not supported/);
  });
});
