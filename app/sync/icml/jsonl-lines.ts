const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Splits a byte stream (a file or HTTP body) into lines for `readBulkCatalogJsonl`, pulling a
 * chunk only when the consumer asks for more lines. Prefer it to `readline`, whose async iterator
 * loses lines that arrive before the loop starts (e.g. while the writer opens its temporary file).
 * Splitting on the newline byte is safe in UTF-8 (it never occurs inside a multi-byte character),
 * and each line is decoded on its own. CRLF line ends lose their CR.
 */
export async function* readJsonlLines(source: AsyncIterable<Buffer | Uint8Array | string>): AsyncIterable<string> {
  let carry: Buffer | null = null;
  for await (const piece of source) {
    const chunk = typeof piece === "string" ? Buffer.from(piece, "utf8") : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    let start = 0;
    let end = chunk.indexOf(NEWLINE);
    if (carry !== null && end !== -1) {
      yield decodeLine(Buffer.concat([carry, chunk.subarray(0, end)]), 0, carry.length + end);
      carry = null;
      start = end + 1;
      end = chunk.indexOf(NEWLINE, start);
    }
    while (end !== -1) {
      yield decodeLine(chunk, start, end);
      start = end + 1;
      end = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      carry = carry === null ? Buffer.from(rest) : Buffer.concat([carry, rest]);
    }
  }
  if (carry !== null) yield decodeLine(carry, 0, carry.length);
}

function decodeLine(bytes: Buffer, start: number, end: number): string {
  const stop = end > start && bytes[end - 1] === CARRIAGE_RETURN ? end - 1 : end;
  return bytes.toString("utf8", start, stop);
}
