/** Entry of a job worker thread (see WorkerPool): runs tasks one at a time, posting stages and results. */
import { parentPort } from "node:worker_threads";
import { EcgkitError } from "../errors.js";
import { errorMessage } from "./errorMessage.js";
import type { WorkerTask } from "./workerTask.js";

const port = parentPort!;
const onStage = (stage: string) => port.postMessage({ type: "stage", stage });

port.on("message", async (task: WorkerTask) => {
  try {
    // Each kind loads only its own part of the library (once per worker).
    const output =
      task.kind === "digitize"
        ? await (await import("./digitizeJob.js")).digitizeJob(task, onStage)
        : await (await import("./generateJob.js")).generateJob(task, onStage);
    port.postMessage({ type: "done", output });
  } catch (err) {
    // Input faults are the user's to fix; anything else is a bug worth a stack trace in the server log.
    if (!(err instanceof EcgkitError)) console.error(err);
    port.postMessage({ type: "error", message: errorMessage(err, task.kind === "digitize" ? "digitizing" : "generating") });
  }
});
