import { afterEach, describe, expect, it } from "vitest";
import { QueueEvents } from "bullmq";
import { redisConnection, QUEUES } from "../../../workers/queues";
import { startWorkers, type Processor, type WorkerRuntime } from "../../../workers/runtime";
import { makeTestQueues, silentLogger, testRedisUrl } from "../../helpers/queues";

describe(startWorkers.name, () => {
  let cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups = [];
  });

  function setup(processor: Processor<"catalog-build">, shutdownGraceMs?: number) {
    const { prefix, queues, cleanup } = makeTestQueues();
    const runtime: WorkerRuntime = startWorkers({
      connection: redisConnection(testRedisUrl()),
      processors: { "catalog-build": processor },
      concurrency: { [QUEUES.catalog]: 2 },
      logger: silentLogger,
      prefix,
      shutdownGraceMs,
    });
    const events = new QueueEvents(QUEUES.catalog, { connection: redisConnection(testRedisUrl()), prefix });
    cleanups.push(cleanup, () => events.close(), () => runtime.close());
    return { queues, runtime, events };
  }

  it("runs a job and returns the processor's outcome", async () => {
    // GIVEN a runtime with a processor
    const { queues, events } = setup(async () => "synced");
    await events.waitUntilReady();
    // WHEN a job is added
    const job = await queues.get(QUEUES.catalog).add("catalog-build", { shop: "a.myshopify.com", trigger: "manual" });
    // THEN it completes with the outcome
    await expect(job.waitUntilFinished(events, 10_000)).resolves.toBe("synced");
  });

  it("lets an in-flight job finish on close", async () => {
    // GIVEN a job that takes a while and has started
    let release!: () => void;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const { queues, runtime, events } = setup(
      () =>
        new Promise((resolve) => {
          started();
          release = () => resolve("synced");
        }),
    );
    await events.waitUntilReady();
    const job = await queues.get(QUEUES.catalog).add("catalog-build", { shop: "b.myshopify.com", trigger: "manual" });
    await running;
    // WHEN the runtime is asked to close while the job runs
    let closed = false;
    const closing = runtime.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 200));
    expect(closed).toBe(false);
    release();
    await closing;
    // THEN the job finished rather than being cut off
    expect(await queues.get(QUEUES.catalog).getJobState(job.id!)).toBe("completed");
  });

  it("aborts in-flight jobs through their signal after the grace period", async () => {
    // GIVEN a job that stops only when its signal aborts, and a short grace period
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const { queues, runtime, events } = setup(
      (_job, ctx) =>
        new Promise<string>((_resolve, reject) => {
          started();
          ctx.signal?.addEventListener("abort", () => reject(new Error("aborted by shutdown")));
        }),
      300,
    );
    await events.waitUntilReady();
    const job = await queues.get(QUEUES.catalog).add("catalog-build", { shop: "d.myshopify.com", trigger: "manual" }, { attempts: 3 });
    await running;
    // WHEN closing
    await runtime.close();
    // THEN the job was stopped, not completed, and will be retried
    const state = await queues.get(QUEUES.catalog).getJobState(job.id!);
    expect(["delayed", "waiting", "failed"]).toContain(state);
    expect(state).not.toBe("completed");
  });

  it("hands a stuck job back after the grace period instead of hanging", async () => {
    // GIVEN a job that never finishes and a short grace period
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const { queues, runtime, events } = setup(() => {
      started();
      return new Promise<string>(() => {});
    }, 300);
    await events.waitUntilReady();
    const job = await queues.get(QUEUES.catalog).add("catalog-build", { shop: "c.myshopify.com", trigger: "manual" });
    await running;
    // WHEN closing THEN close returns, and the job is not marked completed or failed (it will be retaken)
    await runtime.close();
    expect(["active", "waiting"]).toContain(await queues.get(QUEUES.catalog).getJobState(job.id!));
  });
});
