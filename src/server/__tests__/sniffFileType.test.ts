import { readFile } from "node:fs/promises";
import fc from "fast-check";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { sharedPath } from "../../testdata.js";
import { describeContent, sniffFileType } from "../sniffFileType.js";

describe("sniffFileType", () => {
  it("names each accepted format from bytes sharp wrote", async () => {
    const base = sharp({ create: { width: 8, height: 8, channels: 3, background: "#f0c0c0" } });
    expect(sniffFileType(await base.clone().png().toBuffer())).toBe("png");
    expect(sniffFileType(await base.clone().jpeg().toBuffer())).toBe("jpeg");
    expect(sniffFileType(await base.clone().tiff().toBuffer())).toBe("tiff");
    expect(sniffFileType(await base.clone().webp().toBuffer())).toBe("webp");
    expect(sniffFileType(await readFile(sharedPath("images", "reference-renders", "clean", "E07500-0.png")))).toBe("png");
  });

  it("recognises a BMP header and big-endian TIFF", () => {
    const bmp = new Uint8Array(54);
    bmp.set([0x42, 0x4d]);
    bmp[14] = 40;
    expect(sniffFileType(bmp)).toBe("bmp");
    expect(sniffFileType(new TextEncoder().encode("BMI and heart rate were recorded at rest"))).toBeUndefined();
    expect(sniffFileType(new Uint8Array([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]))).toBe("tiff");
  });

  it("rejects text, PDF, GIF, truncated magic numbers and empty input, and says what they look like", async () => {
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#000" } }).gif().toBuffer();
    const cases: [Uint8Array, string][] = [
      [new TextEncoder().encode("I,II,III\n0.1,0.2,0.1\n"), "it looks like text"],
      [new TextEncoder().encode("%PDF-1.7\n"), "it looks like a PDF"],
      [gif, "it looks like a GIF"],
      [new Uint8Array([0x89, 0x50, 0x4e, 0x47]), "its content is not recognised"],
      [new Uint8Array(0), "it is empty"],
    ];
    for (const [bytes, words] of cases) {
      expect(sniffFileType(bytes)).toBeUndefined();
      expect(describeContent(bytes)).toBe(words);
    }
  });

  it("never accepts text (other than a RIFF container's ASCII header) and calls it text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (text) => {
        const bytes = new TextEncoder().encode(text.replace(/[\u0000-\u0008\u000e-\u001f]/g, " "));
        if (text.startsWith("RIFF")) return true;
        return sniffFileType(bytes) === undefined && describeContent(bytes) === (bytes.length ? "it looks like text" : "it is empty");
      }),
    );
  });
});
