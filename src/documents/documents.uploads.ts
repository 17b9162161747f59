import { Readable } from 'node:stream';
import type { MultipartFile } from '@fastify/multipart';
import { Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { FileConstraints } from '../catalog/catalog.model';
import { ProblemException } from '../common/problem';
import { DocumentStorage, StorageUnavailable, StoredObject } from '../infra/storage/document-storage';

/** How many bytes file-type needs to recognise any format it knows. */
const SNIFF_BYTES = 4100;

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
 * accepts (else 415); a file over the size limit is refused (413); more files than a
 * document may hold is a 422. On any refusal, what was already stored is removed and the
 * rest of the request is read to its end, so the client gets its answer.
 */
export async function receiveUpload(request: FastifyRequest, constraints: FileConstraints, storage: DocumentStorage): Promise<ReceivedUpload> {
  const upload: ReceivedUpload = { fields: {}, files: [] };
  let refusal: ProblemException | null = null;
  const parts = request.parts({
    limits: { fileSize: constraints.maxFileBytes, files: constraints.maxFilesPerDocument, fields: 20, fieldSize: 16_384, parts: 50 },
  });
  try {
    for await (const part of parts) {
      if (part.type === 'field') {
        upload.fields[part.fieldname] = String(part.value);
      } else if (refusal) {
        await drain(part.file[Symbol.asyncIterator]());
      } else {
        const outcome = await storeFile(part, constraints, storage);
        if (outcome instanceof ProblemException) refusal = outcome;
        else upload.files.push(outcome);
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

/** Stores one file, or answers why not (having read the file to its end). */
async function storeFile(part: MultipartFile, constraints: FileConstraints, storage: DocumentStorage): Promise<ReceivedFile | ProblemException> {
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
    if (!finished) await drain(chunks);
    return ProblemException.of(
      'documents.file-type-refused',
      { name: safeFileName(part.filename, '') || null, detected: detected?.ext ?? null, accepted: constraints.types },
      { acceptedTypes: constraints.types },
    );
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
    // the parser ends a file at the size limit by failing its stream
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(safeFileName(part.filename, ''), constraints.maxFileBytes);
    throw error;
  }
  if (part.file.truncated) {
    await storage.remove(stored.key);
    return tooLarge(safeFileName(part.filename, ''), constraints.maxFileBytes);
  }
  return { ...stored, originalName: safeFileName(part.filename, 'scan'), contentType: detected.mime };
}

/**
 * A file name as the client sent it, made storable and harmless: its last path segment, without
 * control characters (NUL included), half surrogate pairs or the replacement character of undecodable bytes, at most 255 characters; `fallback` if nothing is left.
 */
export function safeFileName(name: string | undefined, fallback: string): string {
  const cleaned = [...(name ?? '').split(/[\\/]/).at(-1)!.normalize('NFC')]
    // eslint-disable-next-line no-control-regex -- control characters are what this removes
    .filter((c) => !/[\u0000-\u001f\u007f-\u009f\ufffd]/.test(c) && !/^[\uD800-\uDFFF]$/.test(c))
    .join('')
    .trim();
  return [...cleaned].slice(0, 255).join('') || fallback;
}

/** Reads a file part to its end without keeping it (the parser moves on only then). */
async function drain(chunks: AsyncIterator<Buffer>): Promise<void> {
  try {
    for (let next = await chunks.next(); !next.done; next = await chunks.next());
  } catch {
    // a file cut at the size limit fails here: there is nothing left to read either way
  }
}

function tooLarge(name: string | undefined, maxBytes: number): ProblemException {
  return ProblemException.of('documents.file-too-large', { name: name || null, maxMb: Math.round(maxBytes / 1_048_576) }, { maxFileBytes: maxBytes });
}

/** 422: more files than a document may hold on the channel (`total`: what the upload would make). */
export function tooManyFiles(maxFiles: number, upload: { channel: string; total: number } | null = null): ProblemException {
  return ProblemException.of('documents.too-many-files', { max: maxFiles, ...upload }, { maxFilesPerDocument: maxFiles });
}

/**
 * The parser's own refusals are the client's: too large, too many files (422, as the
 * per-document limit), too many parts, or a body that is not well-formed multipart (400).
 * System errors (disk, storage) stay server errors.
 */
function translateParserError(error: unknown, constraints: FileConstraints): unknown {
  if (error instanceof ProblemException || error instanceof StorageUnavailable) return error;
  const code = (error as { code?: string }).code ?? '';
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(undefined, constraints.maxFileBytes);
  if (code === 'FST_FILES_LIMIT') {
    return tooManyFiles(constraints.maxFilesPerDocument);
  }
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') return ProblemException.of('documents.too-many-parts');
  if (/^E[A-Z]+$/.test(code)) return error;
  return ProblemException.of('documents.multipart-malformed', { reason: (error as Error).message });
}

const logger = new Logger('Documents');

/** Removes the scans of a refused upload; one the store would not delete is logged (a scan without its row, to delete by hand), never thrown over the refusal. */
export async function removeAll(files: ReceivedFile[], storage: DocumentStorage): Promise<void> {
  const outcomes = await Promise.allSettled(files.map((file) => storage.remove(file.key)));
  outcomes.forEach((outcome, index) => {
    if (outcome.status === 'rejected')
      logger.error({ key: files[index]!.key, err: (outcome.reason as Error).message }, 'A scan could not be removed from storage');
  });
}
