import { parseCommandArgs } from "./args.js";
import { createServer } from "../server/createServer.js";
import { checkInteger, parseNumberOption } from "../util/validate.js";

const HELP = `Usage: ecgkit serve [--port 8080] [--host 127.0.0.1] [options]

Runs the local web app: digitize ECG images and generate ECG paper in a browser.

Options:
  --port N          port to listen on (default 8080; 0 = any free port)
  --host ADDR       address to bind (default 127.0.0.1: this machine only)
  --max-upload-mb N largest upload accepted, MB (default 30)
  --jobs N          jobs running at once (default: number of cores)
  --queue N         jobs waiting beyond those; more get "busy" (default 8)
  --log             log every request
  --help            show this help
`;

export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs("serve", argv, {
    port: { type: "string" },
    host: { type: "string" },
    "max-upload-mb": { type: "string" },
    jobs: { type: "string" },
    queue: { type: "string" },
    log: { type: "boolean" },
  }, HELP);
  if (!args) return 0;
  const { values } = args;
  const port = checkInteger("port", parseNumberOption("port", values.port as string | undefined, 8080, 0, 65535), 0, 65535);
  const host = (values.host as string | undefined) ?? "127.0.0.1";
  const maxUploadMb = parseNumberOption("max-upload-mb", values["max-upload-mb"] as string | undefined, 30, 1, 2000);
  const jobs = values.jobs === undefined ? undefined : checkInteger("jobs", Number(values.jobs), 1, 64);
  const queue = values.queue === undefined ? undefined : checkInteger("queue", Number(values.queue), 0, 1000);
  const app = await createServer({ maxUploadBytes: Math.round(maxUploadMb * 1024 * 1024), maxRunningJobs: jobs, maxQueuedJobs: queue, logRequests: values.log === true, allowedHosts: [host] });
  await app.listen({ host, port });
  const address = app.server.address();
  const shownHost = host.includes(":") ? `[${host}]` : host;
  const url = `http://${shownHost}:${typeof address === "object" && address ? address.port : port}/`;
  process.stdout.write(`ecgkit web app: ${url}  (Ctrl-C to stop)\n`);
  if (host !== "127.0.0.1" && host !== "localhost" && host !== "::1") {
    process.stderr.write(`warning: bound to ${host}: other machines on the network can reach this server\n`);
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  process.stdout.write("stopping\n");
  await app.close();
  return 0;
}
