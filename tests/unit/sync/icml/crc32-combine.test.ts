import { randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { combineCrc32 } from "../../../../app/sync/icml/crc32-combine";

describe(combineCrc32.name, () => {
  it.each([
    { lengthA: 0, lengthB: 0 },
    { lengthA: 5, lengthB: 0 },
    { lengthA: 0, lengthB: 7 },
    { lengthA: 1, lengthB: 1 },
    { lengthA: 1000, lengthB: 3 },
    { lengthA: 17, lengthB: 65_537 },
    { lengthA: 4096, lengthB: 1_000_000 },
  ])("gives crc32(A‖B) for |A|=$lengthA, |B|=$lengthB", ({ lengthA, lengthB }) => {
    // GIVEN two random byte strings
    const a = randomBytes(lengthA);
    const b = randomBytes(lengthB);
    // WHEN their checksums are combined
    const combined = combineCrc32(crc32(a), crc32(b), b.length);
    // THEN it equals the checksum of the concatenation
    expect(combined).toBe(crc32(Buffer.concat([a, b])));
  });
});
