import type { Db } from "../../app/db.server";
import { requeueStrandedDeliveries } from "../../app/services/sync/inbox-sweep";
import type { QueueSet } from "../queues";
import type { Processor } from "../runtime";

export interface InboxSweepProcessorDeps {
  db: Db;
  queues: QueueSet;
}

/** The scheduled inbox sweep: deliveries whose job was lost get one again, and the log says which. */
export function createInboxSweepProcessor(deps: InboxSweepProcessorDeps): Processor<"inbox-sweep"> {
  return async (_job, ctx) => {
    const report = await requeueStrandedDeliveries(deps);
    if (report.requeued.length > 0) {
      ctx.logger.warn(
        { checked: report.checked, requeued: report.requeued.length, oldest: report.requeued[0] },
        "deliveries waited without a job to run them; queued again",
      );
      return "requeued";
    }
    return "noop";
  };
}
