import { createHash, type Hash } from "node:crypto";
import { Writable } from "node:stream";

/** A catalog larger than this (gzipped) is refused rather than stored: it would not fit one database value well. */
export const MAX_CATALOG_GZIP_BYTES = 512 * 1024 * 1024;

/**
 * The sink the ICML writer streams its gzip output into: keeps the compressed bytes (the only thing a build holds
 * in memory, whatever the catalog's size) and hashes them on the way for the ETag.
 */
export class GzipCollector extends Writable {
  private readonly chunks: Buffer[] = [];
  private readonly hash: Hash = createHash("sha256");
  private size = 0;

  constructor(private readonly maxBytes = MAX_CATALOG_GZIP_BYTES) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      callback(new Error(`The gzipped catalog is larger than ${Math.round(this.maxBytes / 2 ** 20)} MB; it cannot be stored.`));
      return;
    }
    this.chunks.push(chunk);
    this.hash.update(chunk);
    callback();
  }

  /** The whole gzip file and its content hash; call after the stream has finished. */
  result(): { gzip: Buffer<ArrayBuffer>; etag: string } {
    return { gzip: Buffer.concat(this.chunks, this.size), etag: this.hash.digest("base64url").slice(0, 32) };
  }
}

/** The uncompressed length a gzip file declares in its trailer (ISIZE, modulo 2^32). */
export function readGzipUncompressedLength(gzip: Uint8Array): number {
  if (gzip.length < 18) return 0;
  return Buffer.from(gzip.buffer, gzip.byteOffset, gzip.byteLength).readUInt32LE(gzip.byteLength - 4);
}
