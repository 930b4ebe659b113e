import { DelayedError, Worker, type ConnectionOptions, type Job } from "bullmq";
import type { Logger } from "../app/services/logger";
import type { JobDataByName, JobName, QueueName } from "./queues";
import { JOB_QUEUE } from "./queues";

/** What a processor reports; it also goes into the job's summary log line. */
export type JobOutcome = "synced" | "skipped" | "quarantined" | "built" | "noop" | (string & {});

export interface ProcessorContext {
  logger: Logger;
  token?: string;
  signal?: AbortSignal;
}

export type Processor<N extends JobName> = (job: Job<JobDataByName[N], unknown, N>, ctx: ProcessorContext) => Promise<JobOutcome>;

export type ProcessorMap = { [N in JobName]: Processor<N> };

export interface WorkerRuntimeOptions {
  connection: ConnectionOptions;
  processors: Partial<ProcessorMap>;
  concurrency: Partial<Record<QueueName, number>>;
  logger: Logger;
  prefix?: string;
  /** How long close() waits for in-flight jobs before handing them back to the queue. */
  shutdownGraceMs?: number;
}

export interface WorkerRuntime {
  readonly workers: readonly Worker[];
  /** Stops taking jobs, lets in-flight ones finish (up to the grace period) and closes connections. */
  close(): Promise<void>;
}

/**
 * One BullMQ worker per queue that has processors, dispatching on job.name. Workers start at once; each job
 * logs one summary line with its outcome and duration.
 */
export function startWorkers(options: WorkerRuntimeOptions): WorkerRuntime {
  const byQueue = new Map<QueueName, JobName[]>();
  for (const name of Object.keys(options.processors) as JobName[]) {
    const queue = JOB_QUEUE[name];
    byQueue.set(queue, [...(byQueue.get(queue) ?? []), name]);
  }

  const workers = [...byQueue.keys()].map((queueName) => {
    const logger = options.logger.child({ component: "worker", queue: queueName });
    const worker = new Worker(
      queueName,
      async (job: Job, token?: string, signal?: AbortSignal) => {
        const processor = options.processors[job.name as JobName] as Processor<JobName> | undefined;
        if (!processor) throw new Error(`No processor for job "${job.name}" on queue "${queueName}".`);
        const started = performance.now();
        const jobLogger = logger.child({ jobName: job.name, jobId: job.id, shop: (job.data as { shop?: string }).shop });
        try {
          const outcome = await processor(job as Job<JobDataByName[JobName], unknown, JobName>, { logger: jobLogger, token, signal });
          jobLogger.info({ outcome, attempt: job.attemptsMade + 1, durationMs: Math.round(performance.now() - started) }, "job done");
          return outcome;
        } catch (error) {
          if (error instanceof DelayedError) {
            jobLogger.debug({ outcome: "delayed", attempt: job.attemptsMade + 1 }, "job put back for later");
            throw error;
          }
          jobLogger.warn(
            { outcome: "error", attempt: job.attemptsMade + 1, durationMs: Math.round(performance.now() - started), err: error },
            "job failed",
          );
          throw error;
        }
      },
      {
        connection: options.connection,
        prefix: options.prefix,
        concurrency: options.concurrency[queueName] ?? 1,
        autorun: false,
      },
    );
    worker.on("error", (error) => logger.error({ err: error }, "worker error"));
    void worker.run();
    return worker;
  });

  return {
    workers,
    async close() {
      const grace = options.shutdownGraceMs ?? 25_000;
      await Promise.all(
        workers.map(async (worker) => {
          const closing = worker.close();
          if ((await settleWithin(closing, grace)) === "settled") return;
          // Past the grace period, abort in-flight jobs through their signals; BullMQ retries them later.
          worker.cancelAllJobs("worker shutting down");
          if ((await settleWithin(closing, 2_000)) === "settled") return;
          // A processor that ignores its signal is abandoned: its lock lapses and another worker retakes the job.
          options.logger.warn({ queue: worker.name }, "abandoning in-flight jobs that did not stop");
        }),
      );
    },
  };
}

async function settleWithin(promise: Promise<unknown>, ms: number): Promise<"settled" | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms);
  });
  const result = await Promise.race([promise.then(() => "settled" as const, () => "settled" as const), timeout]);
  clearTimeout(timer);
  return result;
}
