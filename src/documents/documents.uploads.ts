import { Readable } from 'node:stream';
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FileConstraints } from '../catalog/catalog.model';
import { ProblemException } from '../common/problem';
import { DocumentStorage, StoredObject } from '../infra/storage/document-storage';

/** How many bytes file-type needs to recognise any format it knows. */
const SNIFF_BYTES = 4100;
/** No upload request carries more files than this, whatever the procedure allows per document. */
export const MAX_FILES_PER_REQUEST = 20;

/** file-type's extensions, as the catalog names the accepted types. */
const TYPE_NAMES: Record<string, string> = { jpg: 'jpg', pdf: 'pdf', png: 'png', bmp: 'bmp', tif: 'tiff', webp: 'webp', heic: 'heic' };

export interface ReceivedFile extends StoredObject {
  originalName: string;
  contentType: string;
}

export interface ReceivedUpload {
  fields: Record<string, string>;
  files: ReceivedFile[];
}

/**
 * Reads a multipart upload: fields as text, files streamed to storage. Each file's type is
 * read from its first bytes (not its name or declared type) and must be one the channel
 * accepts (else 415); a file over the size limit is cut off by the parser and refused (413).
 * On any refusal, what was already stored is removed and the rest of the request is drained,
 * so the client gets its answer on a healthy connection.
 */
export async function receiveUpload(request: FastifyRequest, constraints: FileConstraints, storage: DocumentStorage): Promise<ReceivedUpload> {
  const upload: ReceivedUpload = { fields: {}, files: [] };
  let refusal: ProblemException | null = null;
  const parts = request.parts({ limits: { fileSize: constraints.maxFileBytes, files: MAX_FILES_PER_REQUEST, fields: 20, fieldSize: 16_384, parts: 50 } });
  try {
    for await (const part of parts) {
      if (part.type === 'field') {
        if (!refusal) upload.fields[part.fieldname] = String((part as MultipartValue).value);
        continue;
      }
      if (refusal) {
        part.file.resume();
        continue;
      }
      try {
        upload.files.push(await storeFile(part, constraints, storage));
      } catch (error) {
        if (!(error instanceof ProblemException)) throw error;
        refusal = error;
        part.file.resume();
      }
    }
  } catch (error) {
    await removeAll(upload.files, storage);
    throw translateParserError(error, constraints);
  }
  if (refusal) {
    await removeAll(upload.files, storage);
    throw refusal;
  }
  return upload;
}

async function storeFile(part: MultipartFile, constraints: FileConstraints, storage: DocumentStorage): Promise<ReceivedFile> {
  const chunks = part.file[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const head: Buffer[] = [];
  let headSize = 0;
  let finished = false;
  while (headSize < SNIFF_BYTES) {
    const next = await chunks.next();
    if (next.done) {
      finished = true;
      break;
    }
    head.push(next.value);
    headSize += next.value.length;
  }
  const start = Buffer.concat(head);
  const { fileTypeFromBuffer } = await import('file-type');
  const detected = await fileTypeFromBuffer(start);
  const type = detected && TYPE_NAMES[detected.ext];
  if (!type || !constraints.types.includes(type)) {
    throw ProblemException.of(415, `${part.filename || 'The file'} is ${detected ? `a ${detected.ext.toUpperCase()} file` : 'not a file type this office reads'}; accepted: ${constraints.types.join(', ')}.`, {
      type: '/problems/file-type-refused',
      acceptedTypes: constraints.types,
    });
  }
  const rest = async function* () {
    yield start;
    if (finished) return;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  };
  let stored: StoredObject;
  try {
    stored = await storage.save(Readable.from(rest()));
  } catch (error) {
    // the parser stops a file at the size limit by failing its stream
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(part.filename, constraints.maxFileBytes);
    throw error;
  }
  if (part.file.truncated) {
    await storage.remove(stored.key);
    throw tooLarge(part.filename, constraints.maxFileBytes);
  }
  return { ...stored, originalName: (part.filename || 'scan').slice(0, 255), contentType: detected.mime };
}

function tooLarge(name: string | undefined, maxBytes: number): ProblemException {
  return ProblemException.of(413, `${name || 'The file'} is larger than the ${Math.round(maxBytes / 1_048_576)} MB accepted per file.`, {
    type: '/problems/file-too-large',
    maxFileBytes: maxBytes,
  });
}

/** The multipart parser's own limits (too many parts or files) are client errors too. */
function translateParserError(error: unknown, constraints: FileConstraints): unknown {
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(undefined, constraints.maxFileBytes);
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return ProblemException.of(413, `At most ${MAX_FILES_PER_REQUEST} files and 20 fields per upload.`);
  }
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' || code === 'FST_PROTO_VIOLATION') {
    return ProblemException.of(400, 'The multipart body is malformed.');
  }
  return error;
}

async function removeAll(files: ReceivedFile[], storage: DocumentStorage): Promise<void> {
  await Promise.all(files.map((file) => storage.remove(file.key)));
}
