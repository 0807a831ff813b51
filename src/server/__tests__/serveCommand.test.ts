import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** Runs `ecgkit <args>` from source in a child process. */
function ecgkit(args: string[]) {
  const code = `import("./src/cli/main.ts").then((m) => m.main(${JSON.stringify(args)})).then((c) => process.exit(c));`;
  return spawn(process.execPath, ["--import", "tsx", "-e", code], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
}

describe("ecgkit serve", () => {
  it("prints its URL, answers on 127.0.0.1, and stops cleanly on SIGINT", async () => {
    const child = ecgkit(["serve", "--port", "0", "--max-upload-mb", "2"]);
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", () => {
        const m = /ecgkit web app: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on("exit", (code) => reject(new Error(`exited ${code} before listening: ${out}`)));
    });
    const config = await (await fetch(url + "api/config")).json();
    expect(config.maxUploadBytes).toBe(2 * 1024 * 1024);
    const exit = new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.kill("SIGINT");
    expect(await exit).toBe(0);
    expect(out).toContain("stopping");
  });

  it("refuses a bad flag with exit code 2 and a bad value naming the option", async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; err: string }>((resolve) => {
        const child = ecgkit(args);
        let err = "";
        child.stderr.on("data", (c) => (err += c));
        child.on("exit", (code) => resolve({ code, err }));
      });
    const [flag, value] = await Promise.all([run(["serve", "--prot", "80"]), run(["serve", "--port", "http"])]);
    expect(flag.code).toBe(2);
    expect(flag.err).toMatch(/Unknown option '--prot'/);
    expect(value.code).toBe(1);
    expect(value.err).toBe('ecgkit serve: option "port": expected a number from 0 to 65535, got "http"\n');
  });
});
