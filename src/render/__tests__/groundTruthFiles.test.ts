import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { encodeGreyPng } from "../encodeGreyPng.js";
import { maskOverlaps, topmostCellImage } from "../maskImages.js";
import { renderPage } from "../renderPage.js";
import { YOLO_CLASSES, yoloBoxes } from "../yoloBoxes.js";
import { syntheticRecord, twelveLeads } from "./syntheticRecord.js";

describe("mask PNGs", () => {
  it("round-trip 8-bit and 16-bit greyscale exactly through a PNG decoder", async () => {
    const w = 37, h = 23;
    const m16 = new Uint16Array(w * h);
    for (let i = 0; i < m16.length; i += 7) m16[i] = (i * 2654435761) & 0xffff;
    const m8 = new Uint8Array(w * h).map((_, i) => (i * 31) & 255);
    const d16 = await sharp(encodeGreyPng(m16, w, h)).toColourspace("grey16").raw({ depth: "ushort" }).toBuffer({ resolveWithObject: true });
    expect(d16.info).toMatchObject({ width: w, height: h, channels: 1 });
    expect(Array.from(new Uint16Array(d16.data.buffer, d16.data.byteOffset, w * h))).toEqual(Array.from(m16));
    const d8 = await sharp(encodeGreyPng(m8, w, h)).toColourspace("b-w").raw().toBuffer();
    expect(Array.from(d8)).toEqual(Array.from(m8));
  });

  it("index image holds the topmost cell + 1 and the bit mask keeps overlaps", () => {
    const mask = Uint16Array.from([0, 1, 2, 3, 0x8000 | 4, 0x1000]);
    expect(Array.from(topmostCellImage(mask))).toEqual([0, 1, 2, 2, 16, 13]);
  });

  it("12x1 at high gain overlaps neighbouring leads, and the 16-bit mask keeps both", async () => {
    const leads = twelveLeads(5000, 500);
    for (const k of Object.keys(leads)) leads[k] = leads[k]!.map((v) => v * 3);
    const page = await renderPage(syntheticRecord("o", 500, leads), { layout: "12x1", gainMmPerMv: 20, resolutionDpi: 80 });
    let overlaps = 0;
    for (const m of page.traceMask) if (m & (m - 1)) overlaps++;
    expect(overlaps).toBeGreaterThan(0);
    const listed = maskOverlaps(page.traceMask, page.image.width);
    expect(listed).toHaveLength(overlaps);
    for (const [r, c, bits] of listed) expect(page.traceMask[r * page.image.width + c]).toBe(bits);
  });
});

describe("YOLO boxes", () => {
  it("lists a trace box and a label box per lead with normalized centres and sizes", async () => {
    const page = await renderPage(syntheticRecord("y", 500, twelveLeads(5000, 500)), { resolutionDpi: 72 });
    const lines = yoloBoxes(page.annotation).trim().split("\n");
    expect(lines).toHaveLength(26);
    for (const l of lines) {
      const [cls, ...v] = l.split(" ").map(Number);
      expect(cls).toBeGreaterThanOrEqual(0);
      expect(cls).toBeLessThan(YOLO_CLASSES.length);
      for (const x of v) expect(x).toBeGreaterThan(0), expect(x).toBeLessThanOrEqual(1);
    }
    expect(YOLO_CLASSES[Number(lines[0]!.split(" ")[0])]).toBe("trace_I");
    expect(YOLO_CLASSES[Number(lines[1]!.split(" ")[0])]).toBe("label_I");
  });
});
