import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer, type ServerOptions } from "../createServer.js";

export interface TestServer {
  base: string;
  port: number;
  close(): Promise<void>;
}

/** A real server on 127.0.0.1, on a free port. */
export async function startTestServer(options: ServerOptions = {}): Promise<TestServer> {
  const app = await createServer(options);
  await app.listen({ host: "127.0.0.1", port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  return { base: `http://127.0.0.1:${port}`, port, close: () => app.close() };
}

export interface JobView {
  id: string;
  state: string;
  stage: string;
  position: number;
  error?: string;
  summary?: Record<string, any>;
  files?: { name: string; bytes: number; url: string }[];
}

/** Polls a job until it is done or failed; returns every stage seen along the way too. */
export async function waitForJob(base: string, job: JobView): Promise<{ job: JobView; stages: string[] }> {
  const stages = [job.stage];
  while (job.state !== "done" && job.state !== "failed") {
    await new Promise((r) => setTimeout(r, 150));
    const response = await fetch(`${base}/api/jobs/${job.id}`);
    if (!response.ok) throw new Error(`poll: ${response.status} ${await response.text()}`);
    job = (await response.json()) as JobView;
    if (stages.at(-1) !== job.stage) stages.push(job.stage);
  }
  return { job, stages };
}

export async function fileOf(base: string, job: JobView, name: string): Promise<Uint8Array> {
  const file = job.files?.find((f) => f.name === name);
  if (!file) throw new Error(`job has no ${name}: ${JSON.stringify(job.files)}`);
  const response = await fetch(base + file.url);
  if (!response.ok) throw new Error(`${name}: ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** A raw request (fetch cannot set Host or send a literal "../" path). */
export function rawGet(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}
