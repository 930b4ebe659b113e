/**
 * One gzip member (RFC 1952) assembled from separately deflated segments. Every segment but the
 * last ends with a sync flush (an empty stored block, byte-aligned, not final), so the segments
 * concatenate into one valid deflate stream: each compressor only refers back into its own data.
 * This lets the offers be compressed while they are produced, before the header exists.
 */
import { constants, crc32, deflateRawSync } from "node:zlib";
import { combineCrc32 } from "./crc32-combine";

/** Magic, deflate, no flags, no mtime, no extra flags, OS "Unix" (as Node's own gzip writes). */
export const GZIP_MEMBER_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x03]);

export const SEGMENT_FINISH_FLUSH = constants.Z_SYNC_FLUSH;

export interface UncompressedSummary {
  crc: number;
  length: number;
}

export function deflateMiddleSegment(data: Buffer): Buffer {
  return deflateRawSync(data, { finishFlush: SEGMENT_FINISH_FLUSH });
}

export function deflateLastSegment(data: Buffer): Buffer {
  return deflateRawSync(data);
}

export function summarizeBytes(data: Buffer): UncompressedSummary {
  return { crc: crc32(data), length: data.length };
}

/** CRC-32 and length of the parts' concatenation, in order. */
export function concatSummaries(parts: UncompressedSummary[]): UncompressedSummary {
  return parts.reduce(
    (total, part) => ({ crc: combineCrc32(total.crc, part.crc, part.length), length: total.length + part.length }),
    { crc: 0, length: 0 },
  );
}

/** CRC-32 and the uncompressed length modulo 2^32, little-endian. */
export function buildGzipTrailer(summary: UncompressedSummary): Buffer {
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(summary.crc >>> 0, 0);
  trailer.writeUInt32LE(summary.length % 2 ** 32, 4);
  return trailer;
}
