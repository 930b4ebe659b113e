/**
 * The temporary file that holds rendered offers until the categories are known (see icml-writer.ts).
 * For gzip output the offers are deflated on the way in, in zlib's thread pool while the main
 * thread keeps parsing, so the file is about as small as the final catalog and the copy at the
 * end is cheap; the checksum and length of the uncompressed bytes are kept for the gzip trailer.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TransformOptions, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { crc32, createDeflateRaw, type ZlibOptions } from "node:zlib";
import { BufferedStreamWriter } from "./buffered-stream-writer";
import { SEGMENT_FINISH_FLUSH, type UncompressedSummary } from "./gzip-segments";

const SPOOL_CHUNK_BYTES = 256 * 1024;
/** How far rendering may run ahead of the compressor; bounds memory, keeps both cores busy. */
const COMPRESSOR_BUFFER_BYTES = 1024 * 1024;

export type OfferSpoolEncoding = "plain" | "deflate";

export class OfferSpool {
  private readonly summary: UncompressedSummary = { crc: 0, length: 0 };
  private readonly writer: BufferedStreamWriter;

  private constructor(
    private readonly dir: string,
    private readonly path: string,
    private readonly target: Writable,
    private readonly written: Promise<void>,
    checksum: boolean,
  ) {
    this.writer = new BufferedStreamWriter(target, checksum ? (bytes) => this.count(bytes) : undefined, true);
  }

  static async open(parentDir: string | undefined, encoding: OfferSpoolEncoding): Promise<OfferSpool> {
    const dir = await mkdtemp(join(parentDir ?? tmpdir(), "icml-"));
    const path = join(dir, encoding === "deflate" ? "offers.deflate" : "offers.xml");
    const file = createWriteStream(path, { highWaterMark: SPOOL_CHUNK_BYTES });
    if (encoding === "plain") return new OfferSpool(dir, path, file, Promise.resolve(), false);
    const deflateOptions: ZlibOptions & Pick<TransformOptions, "writableHighWaterMark"> = {
      finishFlush: SEGMENT_FINISH_FLUSH,
      writableHighWaterMark: COMPRESSOR_BUFFER_BYTES,
    };
    const deflate = createDeflateRaw(deflateOptions);
    const written = pipeline(deflate, file);
    written.catch(() => undefined);
    return new OfferSpool(dir, path, deflate, written, true);
  }

  write(xml: string): Promise<void> {
    return this.writer.write(xml);
  }

  /**
   * Ends the spool; resolves when the file is complete, with the checksum and length of the
   * uncompressed bytes (deflate spools only; a plain spool reports zeros).
   */
  async finish(): Promise<UncompressedSummary> {
    await this.writer.end();
    await this.written;
    return { ...this.summary };
  }

  /** The spooled bytes as stored (deflated or plain), in chunks. */
  read(): AsyncIterable<Buffer> {
    return createReadStream(this.path, { highWaterMark: SPOOL_CHUNK_BYTES });
  }

  async dispose(): Promise<void> {
    this.target.destroy();
    await rm(this.dir, { recursive: true, force: true });
  }

  private count(bytes: Buffer): void {
    this.summary.crc = crc32(bytes, this.summary.crc);
    this.summary.length += bytes.length;
  }
}
