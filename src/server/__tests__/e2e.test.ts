import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { strFromU8, unzipSync } from "fflate";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedPath } from "../../testdata.js";
import { readImage } from "../../util/image.js";
import { parseHeader } from "../../wfdb/parseHeader.js";
import { startTestServer, type TestServer } from "./harness.js";

const CHROMIUM = "/usr/bin/chromium";
const OUT = new URL("../../../test-output/", import.meta.url);
const IMAGE = sharedPath("images", "reference-renders", "clean", "E07500-0.png");

async function download(page: Page, selector: string): Promise<Uint8Array> {
  const [event] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  const path = await event.path();
  return new Uint8Array(await readFile(path));
}

describe("web app in headless Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // No silent skip: CI installs Debian's chromium (.ci/run); without it this suite must fail.
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install chromium) to run the end-to-end test`);
    await mkdir(OUT, { recursive: true });
    server = await startTestServer();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    page.on("pageerror", (err) => pageErrors.push(err.message));
    await page.goto(server.base + "/");
    await page.waitForSelector("body[data-ready]");
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("digitizes an uploaded image: overlay, 12 plotted leads, a WFDB zip that opens", async () => {
    await page.setInputFiles("#image-input", IMAGE);
    await page.waitForSelector("#digitize-status:not([hidden])");
    await page.waitForSelector("#digitize-result:not([hidden]), #digitize-error:not([hidden])", { timeout: 90_000 });
    expect(await page.isHidden("#digitize-error")).toBe(true);
    const leads = await page.$$eval("#leads-plot g.lead", (gs) => gs.map((g) => [g.getAttribute("data-lead"), Number(g.getAttribute("data-points"))]));
    expect(leads.map(([name]) => name)).toEqual(["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"]);
    // A 3x4 page shows 2.5 s of each lead at 500 Hz; lead II has its 10 s rhythm strip.
    for (const [name, points] of leads) expect(points, String(name)).toBeGreaterThanOrEqual(name === "II" ? 4500 : 1100);
    expect(await page.$eval("#digitize-image", (img) => (img as HTMLImageElement).src)).toMatch(/overlay\.png$/);
    expect(await page.$eval("#digitize-image", (img) => (img as HTMLImageElement).naturalWidth)).toBe(2200);
    expect(await page.textContent("#found")).toMatch(/Layout3x4\+1/);

    const zip = unzipSync(await download(page, '#digitize-downloads a[data-file="record.zip"]'));
    const header = parseHeader(strFromU8(zip["digitized.hea"]!), "digitized.hea");
    expect(header.signals.map((s) => s.description)).toEqual(leads.map(([name]) => name));
    expect(zip["digitized.dat"]!.length).toBe(12 * 5000 * 2);
    await page.screenshot({ path: new URL("web-digitize.png", OUT).pathname, fullPage: true });
  });

  it("shows a bad upload as words: a text file named .png, dropped on the page", async () => {
    const dataTransfer = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(["not an image at all\n"], "notes.png", { type: "image/png" }));
      return dt;
    });
    await page.dispatchEvent("#drop", "drop", { dataTransfer });
    await page.waitForSelector("#digitize-error:not([hidden])", { timeout: 20_000 });
    expect(await page.textContent("#digitize-error")).toBe(
      "the uploaded file is not a PNG, JPEG, BMP, TIFF or WebP image (it looks like text; the file name is not trusted)",
    );
    expect(await page.isHidden("#digitize-result")).toBe(true);
  });

  it("generates a page from a bundled record and downloads its masks", async () => {
    await page.click("#tab-generate");
    await page.selectOption("#record-select", "JS20000");
    await page.selectOption("#preset-select", "scan");
    await page.click("#generate-button");
    await page.waitForSelector("#generate-result:not([hidden]), #generate-error:not([hidden])", { timeout: 90_000 });
    expect(await page.isHidden("#generate-error")).toBe(true);
    expect(await page.textContent("#generate-caption")).toBe("JS20000: 2200 × 1700 px");
    const png = await download(page, '#generate-downloads a[data-file="image.png"]');
    expect((await readImage(png)).width).toBe(2200);
    const masks = unzipSync(await download(page, '#generate-downloads a[data-file="masks.zip"]'));
    expect(Object.keys(masks)).toContain("cell00-I.png");
    await page.screenshot({ path: new URL("web-generate.png", OUT).pathname, fullPage: true });
  });

  it("ran without a script error on the page", () => {
    expect(pageErrors).toEqual([]);
  });
});
