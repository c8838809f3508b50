// Reading a Hadoop web endpoint's response body as text, whatever form the transport left it in.
/** A response body as text, whatever the transport made of it (stream bodies are read, up to a bound). */
export async function bodyText(data: unknown): Promise<string> {
  if (typeof (data as AsyncIterable<Buffer>)?.[Symbol.asyncIterator] === "function" && !Buffer.isBuffer(data)) {
    const chunks: Buffer[] = [];
    for await (const c of data as AsyncIterable<Buffer>) {
      chunks.push(Buffer.from(c));
      if (chunks.reduce((n, b) => n + b.length, 0) > 64 * 1024) break;
    }
    return Buffer.concat(chunks).toString("utf8");
  }
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8");
  return typeof data === "string" ? data : JSON.stringify(data ?? "");
}
