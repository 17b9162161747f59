import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { exe, pdf } from './files';

/**
 * The hostile requests of test/e2e/hostile-input.e2e-spec.ts: for an operation of the OpenAPI,
 * requests invalid by construction (one poison at least), as JSON and, for routes taking files,
 * as multipart.
 */

export type Schema = {
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  $ref?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
};
export type Resolve = (schema: Schema | undefined) => Schema | undefined;

export interface Operation {
  method: 'post' | 'put' | 'patch' | 'delete';
  path: string;
  body: Schema | null;
  /** It takes JSON (or declares no body at all). */
  json: boolean;
  /** It takes multipart/form-data (files). */
  multipart: boolean;
}

interface Poisoned {
  raw: string | Buffer;
  contentType: string;
  label: string;
}
export interface HostileRequest extends Poisoned {
  pathIds: Record<string, string>;
}

/** The fields a body declares, in every alternative of a `oneOf` (JSON `{ body }`, or multipart `body` and files). */
export function fieldsOf(body: Schema | null, resolve: Resolve): { name: string; schema: Schema }[] {
  const schema = resolve(body ?? undefined);
  const branches = schema?.oneOf ? schema.oneOf.map(resolve) : [schema];
  const fields = new Map<string, Schema>();
  for (const branch of branches)
    for (const [name, field] of Object.entries(branch?.properties ?? {})) if (!fields.has(name)) fields.set(name, resolve(field) ?? {});
  return [...fields].map(([name, schema]) => ({ name, schema }));
}

/** Malformed JSON, invalid UTF-8, deep nesting, other content types. */
const malformed = fc.constantFrom<Poisoned>(
  { raw: '{"a":', contentType: 'application/json', label: 'truncated JSON' },
  { raw: "{'single': 'quotes'}", contentType: 'application/json', label: 'not JSON' },
  { raw: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0xfe, 0x22, 0x7d]), contentType: 'application/json', label: 'invalid UTF-8' },
  { raw: `${'['.repeat(5_000)}${']'.repeat(5_000)}`, contentType: 'application/json', label: 'arrays 5,000 deep' },
  { raw: `${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}`, contentType: 'application/json', label: 'objects 2,000 deep' },
  { raw: `{"x":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`, contentType: 'application/json', label: 'objects 100,000 deep' },
  { raw: `{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, contentType: 'application/json', label: 'arrays 100,000 deep in a field' },
  { raw: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', contentType: 'application/xml', label: 'XML' },
  { raw: 'role=admin&active=true', contentType: 'application/x-www-form-urlencoded', label: 'form' },
);

/** One request for an operation: its path ids, its raw body and content type, and what poisons it. */
export function hostileRequest(operation: Operation, resolve: Resolve): fc.Arbitrary<HostileRequest> {
  const fields = fieldsOf(operation.body, resolve);
  const dateFields = fields.filter(
    (f) => f.schema.type === 'string' && (f.schema.format === 'date' || f.schema.format === 'date-time' || /(Date|On|At|From|Until)$/.test(f.name)),
  );
  const badId = fc.constantFrom('not-a-uuid', "1' OR '1'='1", '../../etc/passwd', '%00', '0'.repeat(300), '{{7*7}}');
  const names = [...operation.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const pathIds = names.length
    ? fc.option(fc.tuple(fc.constantFrom(...names), badId), { nil: undefined }).map((v) => (v ? { [v[0]]: v[1] } : {}) as Record<string, string>)
    : fc.constant({});
  const otherValues = fc.dictionary(fc.constantFrom(...(fields.length ? fields.map((f) => f.name) : ['x'])), hostileValue(), { maxKeys: 4 });
  const jsonPoisons: fc.Arbitrary<Poisoned>[] = [
    // a declared field of the wrong type
    ...(fields.length
      ? [
          fc.tuple(fc.constantFrom(...fields), otherValues).chain(([field, others]) =>
            wrongTypeFor(field.schema).map((value) => ({
              raw: JSON.stringify({ ...others, [field.name]: value }),
              contentType: 'application/json',
              label: `wrong type for ${field.name}`,
            })),
          ),
        ]
      : []),
    // keys the endpoint does not know, prototype pollution among them
    fc
      .tuple(otherValues, fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', 'role\u0000', '$where'), hostileValue())
      .map(([others, key, value]) => ({
        raw: `{${[...Object.entries(others).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`), `${JSON.stringify(key)}:${JSON.stringify(key === '__proto__' ? { polluted: true, role: 'admin' } : value)}`].join(',')}}`,
        contentType: 'application/json',
        label: `unknown key ${key}`,
      })),
    // a body that is not an object
    fc
      .oneof(
        fc.constant('[]'),
        fc.constant('null'),
        fc.constant('"text"'),
        fc.constant('42'),
        fc.constant('true'),
        fc.array(hostileValue(), { maxLength: 3 }).map((a) => JSON.stringify(a)),
      )
      .map((raw) => ({ raw, contentType: 'application/json', label: 'not an object' })),
    malformed,
    // a NUL character in a string field declared (PostgreSQL cannot store it)
    ...(fields.some((f) => f.schema.type === 'string')
      ? [
          fc.tuple(fc.constantFrom(...fields.filter((f) => f.schema.type === 'string')), otherValues).map(([field, others]) => ({
            raw: JSON.stringify({ ...others, [field.name]: `a\u0000${field.name}` }),
            contentType: 'application/json',
            label: `NUL in ${field.name}`,
          })),
        ]
      : []),
    // an impossible date, alone, in a date field
    ...(dateFields.length
      ? [
          fc
            .tuple(
              fc.constantFrom(...dateFields),
              fc.constantFrom('2026-02-30', '2025-02-29', '2026-13-01', '0000-00-00', '2026-04-31', '2026-02-29T25:61:00+99:00', '26-02-2026', '2026-2-3'),
            )
            .map(([field, value]) => ({
              raw: JSON.stringify({ [field.name]: value }),
              contentType: 'application/json',
              label: `impossible date ${value} in ${field.name}`,
            })),
        ]
      : []),
  ];
  // a route taking files only is sent multipart poisons, and bodies that are no multipart at all (JSON, XML, a form: 415)
  const poisons = [...(operation.json ? jsonPoisons : [malformed]), ...(operation.multipart ? multipartPoisons(fields, hostileValue()) : [])];
  return fc.record({ pathIds, poisoned: fc.oneof(...poisons) }).map(({ pathIds, poisoned }) => ({ pathIds, ...poisoned }));
}

type Part = { name: string; value: string } | { name: string; filename: string; type: string; bytes: Buffer };

/** A multipart/form-data body as a browser writes it, or broken: cut before its end, or under another boundary than the one announced. */
function multipartBody(parts: Part[], label: string, broken: { truncated?: boolean; announced?: string } = {}): Poisoned {
  const boundary = `----hostile${randomBytes(8).toString('hex')}`;
  const raw = Buffer.concat([
    ...parts.flatMap((part) => [
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"` +
          ('bytes' in part ? `; filename="${part.filename}"\r\nContent-Type: ${part.type}` : '') +
          '\r\n\r\n',
      ),
      'bytes' in part ? part.bytes : Buffer.from(part.value),
      Buffer.from('\r\n'),
    ]),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  return {
    raw: broken.truncated ? raw.subarray(0, raw.length - 40) : raw,
    contentType: `multipart/form-data; boundary=${broken.announced ?? boundary}`,
    label,
  };
}

/** Multipart requests, each with one poison at least: a file of a refused type, an unknown or NUL-carrying field, eleven files, an empty file, a broken body. */
function multipartPoisons(fields: { name: string; schema: Schema }[], values: fc.Arbitrary<unknown>): fc.Arbitrary<Poisoned>[] {
  const text = fields.filter((f) => f.schema.type !== 'array' && f.schema.format !== 'binary');
  const asText = (value: unknown) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));
  const others = fc
    .dictionary(fc.constantFrom(...(text.length ? text.map((f) => f.name) : ['x'])), values.map(asText), { maxKeys: 3 })
    .map((d) => Object.entries(d).map(([name, value]) => ({ name, value })));
  const scan = (bytes = pdf()): Part => ({ name: 'files', filename: 'scan.pdf', type: 'application/pdf', bytes });
  return [
    others.map((parts) => multipartBody([...parts, scan(exe())], 'multipart: an executable named scan.pdf')),
    fc
      .tuple(others, fc.constantFrom('__proto__', 'constructor', 'isAdmin', 'role\u0000', '$where', 'dossierId'))
      .map(([parts, key]) => multipartBody([...parts, { name: key, value: 'admin' }, scan()], `multipart: unknown field ${key}`)),
    ...(text.length
      ? [
          fc
            .tuple(fc.constantFrom(...text), others)
            .map(([field, parts]) =>
              multipartBody(
                [...parts.filter((p) => p.name !== field.name), { name: field.name, value: `a\u0000${field.name}` }, scan()],
                `multipart: NUL in ${field.name}`,
              ),
            ),
        ]
      : []),
    others.map((parts) =>
      multipartBody([...parts, ...Array.from({ length: 11 }, (_, n) => ({ ...scan(pdf(1_000 + n)), name: `page${n}` }))], 'multipart: eleven files'),
    ),
    others.map((parts) => multipartBody([...parts, scan(Buffer.alloc(0))], 'multipart: an empty file')),
    others.map((parts) => multipartBody([...parts, scan()], 'multipart: cut before its end', { truncated: true })),
    others.map((parts) => multipartBody([...parts, scan()], 'multipart: another boundary than announced', { announced: 'not-the-boundary' })),
  ];
}

/** Strings and values that have broken services: injections, markup, huge, odd unicode, extreme numbers. */
function hostileValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(
      "'; DROP TABLE students; --",
      '" OR 1=1 --',
      "Robert'); DELETE FROM dossiers;--",
      '<script>alert(document.cookie)</script>',
      '<img src=x onerror=alert(1)>',
      '{{constructor.constructor("return process")()}}',
      '${7*7}',
      '\u202Egnp.exe',
      '\uD800',
      '💥'.repeat(100),
      'a'.repeat(70_000),
      '',
      ' ',
      '2026-02-30',
      '1e308',
      '-0',
    ),
    fc.string({ maxLength: 50 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(Number.MAX_SAFE_INTEGER * 1000),
    fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  );
}

/** A value the field's declared type cannot take. */
function wrongTypeFor(schema: Schema): fc.Arbitrary<unknown> {
  const notString = fc.oneof(fc.integer(), fc.boolean(), fc.constant({ $gt: '' }), fc.constant([['nested']]));
  switch (schema.type) {
    case 'string':
      return schema.enum ? fc.oneof(notString, fc.constantFrom('NOT_IN_ENUM', "admin' --", '')) : notString;
    case 'integer':
    case 'number':
      return fc.oneof(fc.constantFrom('12', 'NaN', 'Infinity', '1e308', '0x10'), fc.constant({}), fc.constant(1.5e300), fc.constant(-1e20));
    case 'boolean':
      return fc.oneof(fc.constantFrom('true', 'false', 1, 0, 'yes'), fc.constant({}));
    case 'array':
      return fc.oneof(fc.string(), fc.integer(), fc.constant({ 0: 'a', length: 1 }));
    case 'object':
      return fc.oneof(fc.string(), fc.integer(), fc.constant([1, 2]), fc.constant(true));
    default:
      // untyped (a free object such as `facts` or `definition`): a string or a number is still wrong
      return fc.oneof(fc.integer(), fc.constant('not an object'), fc.constant([]));
  }
}
