/**
 * CRC-32 of A‖B from crc(A), crc(B) and B's length, the GF(2) matrix method of zlib's
 * `crc32_combine` (Node exposes `zlib.crc32` but not the combine). It lets the gzip trailer
 * cover header + offers + footer although the offers were checksummed before the header existed.
 */

const CRC32_POLYNOMIAL = 0xedb88320;

function multiplyMatrixVector(matrix: Uint32Array, vector: number): number {
  let sum = 0;
  for (let index = 0, bits = vector >>> 0; bits !== 0; index += 1, bits >>>= 1) {
    if (bits & 1) sum ^= matrix[index]!;
  }
  return sum >>> 0;
}

function squareMatrix(target: Uint32Array, matrix: Uint32Array): void {
  for (let index = 0; index < 32; index += 1) target[index] = multiplyMatrixVector(matrix, matrix[index]!);
}

export function combineCrc32(crcA: number, crcB: number, lengthB: number): number {
  if (lengthB <= 0) return crcA >>> 0;
  const even = new Uint32Array(32);
  const odd = new Uint32Array(32);
  odd[0] = CRC32_POLYNOMIAL;
  for (let index = 1, row = 1; index < 32; index += 1, row <<= 1) odd[index] = row;
  squareMatrix(even, odd);
  squareMatrix(odd, even);

  let crc = crcA >>> 0;
  let remaining = lengthB;
  for (;;) {
    squareMatrix(even, odd);
    if (remaining % 2 === 1) crc = multiplyMatrixVector(even, crc);
    remaining = Math.floor(remaining / 2);
    if (remaining === 0) break;
    squareMatrix(odd, even);
    if (remaining % 2 === 1) crc = multiplyMatrixVector(odd, crc);
    remaining = Math.floor(remaining / 2);
    if (remaining === 0) break;
  }
  return (crc ^ crcB) >>> 0;
}
