import { describe, expect, it } from "vitest";
import { readJsonlLines } from "../../../../app/sync/icml/jsonl-lines";
import { toAsync } from "./catalog-builders";

async function collect(chunks: Array<Buffer | string>): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of readJsonlLines(toAsync(chunks))) lines.push(line);
  return lines;
}

describe(readJsonlLines.name, () => {
  it("joins lines and multi-byte characters split across chunks", async () => {
    // GIVEN "Жёлтый 😀" split in the middle of its UTF-8 bytes, and a line split across chunks
    const bytes = Buffer.from('{"a":"Жёлтый 😀"}\n{"b":1}\n{"c"', "utf8");
    const chunks = [bytes.subarray(0, 9), bytes.subarray(9, 22), bytes.subarray(22), Buffer.from(":2}")];
    // WHEN the chunks are split into lines
    // THEN every line comes out whole and decoded, including the last one without a newline
    expect(await collect(chunks)).toEqual(['{"a":"Жёлтый 😀"}', '{"b":1}', '{"c":2}']);
  });

  it("strips CRLF line ends and keeps empty lines for the reader to skip", async () => {
    // GIVEN Windows line ends and a blank line
    // WHEN they are split
    // THEN carriage returns are gone
    expect(await collect(["a\r\n\r\nb\r\n"])).toEqual(["a", "", "b"]);
  });

  it("yields nothing for empty input", async () => {
    // GIVEN no bytes
    // WHEN they are split
    // THEN there are no lines
    expect(await collect([])).toEqual([]);
  });

  it("pulls the source lazily, so lines are never lost before the consumer starts", async () => {
    // GIVEN a source that counts the chunks taken
    let taken = 0;
    async function* source() {
      for (const chunk of ["a\nb\n", "c\n", "d\n"]) {
        taken += 1;
        yield chunk;
      }
    }
    const lines = readJsonlLines(source());
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(taken).toBe(0);
    // WHEN the consumer starts late and takes two lines
    const iterator = lines[Symbol.asyncIterator]();
    const first = await iterator.next();
    const second = await iterator.next();
    // THEN nothing was read before, and only the first chunk is taken for them
    expect([first.value, second.value]).toEqual(["a", "b"]);
    expect(taken).toBe(1);
    await iterator.return?.();
  });
});
