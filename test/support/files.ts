/** Bytes of real file formats, for upload tests (file-type recognises them by their first bytes). */

export function pdf(sizeBytes = 2_000): Buffer {
  const head = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1');
  const tail = Buffer.from('\n%%EOF\n', 'latin1');
  const body = Buffer.alloc(Math.max(0, sizeBytes - head.length - tail.length), 0x20);
  for (let i = 0; i < body.length; i += 97) body[i] = 0x41 + (i % 26);
  return Buffer.concat([head, body, tail]);
}

/** A Windows executable (MZ header, PE signature). */
export function exe(): Buffer {
  const bytes = Buffer.alloc(1_024);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  return bytes;
}

/** A 1×1 PNG. */
export function png(): Buffer {
  return Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
    'hex',
  );
}

/** A supertest parser that keeps a binary body (a download, a zip) as one Buffer. */
export const binary = (res: NodeJS.ReadableStream, done: (e: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};
