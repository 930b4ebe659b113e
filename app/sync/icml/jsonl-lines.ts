import { StringDecoder } from "node:string_decoder";

/**
 * Splits a byte stream (a file or HTTP body) into lines for `readBulkCatalogJsonl`, pulling a
 * chunk only when the consumer asks for more lines. Prefer it to `readline`, whose async iterator
 * loses lines that arrive before the loop starts (e.g. while the writer opens its temporary file).
 * Handles UTF-8 characters split across chunks and CRLF line ends.
 */
export async function* readJsonlLines(source: AsyncIterable<Buffer | Uint8Array | string>): AsyncIterable<string> {
  const decoder = new StringDecoder("utf8");
  let remainder = "";
  for await (const chunk of source) {
    const text = remainder + (typeof chunk === "string" ? chunk : decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    let start = 0;
    for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
      yield stripCarriageReturn(text.slice(start, end));
      start = end + 1;
    }
    remainder = text.slice(start);
  }
  remainder += decoder.end();
  if (remainder !== "") yield stripCarriageReturn(remainder);
}

function stripCarriageReturn(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}
