import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";

const FLUSH_THRESHOLD_CHARS = 64 * 1024;

/**
 * Writes strings to a node Writable in chunks of about 64 KiB and waits for `drain` whenever the
 * stream asks it to, so memory stays bounded however slow the stream is. A stream that fails or
 * closes early rejects the pending write instead of hanging.
 */
export class BufferedStreamWriter {
  private pending = "";
  private failure: Error | null = null;
  private readonly done: Promise<void>;

  constructor(private readonly stream: Writable) {
    this.done = finished(stream).catch((error: unknown) => {
      this.failure = error instanceof Error ? error : new Error(String(error));
    });
  }

  async write(chunk: string): Promise<void> {
    this.pending += chunk;
    if (this.pending.length >= FLUSH_THRESHOLD_CHARS) await this.flush();
  }

  async writeBytes(chunk: Buffer): Promise<void> {
    await this.flush();
    await this.writeToStream(chunk);
  }

  async flush(): Promise<void> {
    if (this.pending === "") return;
    const chunk = this.pending;
    this.pending = "";
    await this.writeToStream(chunk);
  }

  /** Flushes, ends the stream and resolves once it has finished. */
  async end(): Promise<void> {
    await this.flush();
    this.throwIfFailed();
    this.stream.end();
    await this.done;
    if (this.failure) throw this.failure;
  }

  private async writeToStream(chunk: string | Buffer): Promise<void> {
    this.throwIfFailed();
    if (this.stream.write(chunk)) return;
    await Promise.race([waitForDrain(this.stream), this.done]);
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
    if (this.stream.destroyed) throw new Error("The ICML output stream was closed before the catalog was complete.");
  }
}

function waitForDrain(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const settle = () => {
      stream.off("drain", settle);
      stream.off("close", settle);
      resolve();
    };
    stream.on("drain", settle);
    stream.on("close", settle);
  });
}
