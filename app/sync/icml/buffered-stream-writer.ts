import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";

const CHUNK_BYTES = 64 * 1024;
const MAX_UTF8_BYTES_PER_UTF16_UNIT = 3;

/**
 * Writes text to a node Writable in chunks of 64 KiB and waits for `drain` whenever the stream
 * asks it to, so memory stays bounded however slow the stream is. Text is encoded straight into
 * the chunk buffer (cheaper than growing a string and encoding it later). A stream that fails or
 * closes early rejects the pending write instead of hanging. `onBytes` sees every byte written,
 * in order (used to checksum what goes into a compressor).
 */
export class BufferedStreamWriter {
  private chunk: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private failure: Error | null = null;
  private readonly done: Promise<void>;

  private readonly spare: Buffer[] = [];

  /**
   * `reuseChunks` recycles a chunk buffer once the stream's write callback has run. Only for streams
   * that are done with a chunk by then (fs and zlib streams), never for one that passes chunks on
   * (a PassThrough, a caller's sink).
   */
  constructor(
    private readonly stream: Writable,
    private readonly onBytes?: (bytes: Buffer) => void,
    private readonly reuseChunks = false,
  ) {
    this.done = finished(stream, { readable: false }).catch((error: unknown) => {
      this.failure = error instanceof Error ? error : new Error(String(error));
    });
  }

  async write(text: string): Promise<void> {
    const worstCase = text.length * MAX_UTF8_BYTES_PER_UTF16_UNIT;
    if (worstCase > CHUNK_BYTES - this.used) {
      await this.flush();
      if (worstCase > CHUNK_BYTES) return this.writeBytes(Buffer.from(text, "utf8"));
    }
    this.used += this.chunk.write(text, this.used, "utf8");
  }

  /** Writes bytes as they are, in pieces of at most one chunk so a slow stream never holds more. */
  async writeBytes(bytes: Buffer): Promise<void> {
    await this.flush();
    for (let start = 0; start < bytes.length; start += CHUNK_BYTES) {
      await this.writeToStream(bytes.subarray(start, start + CHUNK_BYTES));
    }
  }

  async flush(): Promise<void> {
    if (this.used === 0) return;
    const full = this.chunk;
    const filled = full.subarray(0, this.used);
    this.chunk = this.spare.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
    await this.writeToStream(filled, this.reuseChunks ? () => this.spare.push(full) : undefined);
  }

  /** Flushes, ends the stream and resolves once its writable side has finished. */
  async end(): Promise<void> {
    await this.flush();
    this.throwIfFailed();
    this.stream.end();
    await this.done;
    if (this.failure) throw this.failure;
  }

  private async writeToStream(bytes: Buffer, written?: () => void): Promise<void> {
    this.throwIfFailed();
    this.onBytes?.(bytes);
    if (this.stream.write(bytes, written)) return;
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
