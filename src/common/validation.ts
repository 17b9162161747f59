import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { FieldProblem, ProblemException } from './problem';
import { fieldCodeOfMessage, isFieldCode } from './problem-messages';

/**
 * Flattens class-validator's tree into one entry per bad field, with `a.b.c` paths.
 * A field left out says "is required" rather than every rule it would have broken.
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const constraints = Object.entries(error.constraints ?? {});
    if (constraints.some(([name]) => name === 'whitelistValidation')) {
      out.push({ field, code: 'unknownField' });
    } else if (constraints.length && (error.value === undefined || error.value === null)) {
      out.push({ field, code: error.value === null ? 'notNull' : 'required' });
    } else if (constraints.length) {
      const [name, message] = constraints[0]!;
      out.push(constraintProblem(field, error, name, stripProperty(message, error.property)));
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

/**
 * A constraint as a field code: the format a DTO's own message names (`postalCode`), else the
 * constraint's own name (`maxLength`) with its limits, read from the DTO's metadata.
 */
function constraintProblem(field: string, error: ValidationError, name: string, message: string): FieldProblem {
  const custom = fieldCodeOfMessage(message);
  if (custom) return { field, code: custom } as FieldProblem;
  if (!isFieldCode(name)) return { field, code: 'invalid', params: { reason: message } };
  const metadata = error.target
    ? getMetadataStorage()
        .getTargetValidationMetadatas(error.target.constructor, '', true, false)
        .find((m) => m.propertyName === error.property && (m.name ?? m.type) === name)
    : undefined;
  const [first, second] = (metadata?.constraints ?? []) as unknown[];
  const params: Record<string, unknown> = {};
  if (name === 'maxLength' || name === 'max' || name === 'arrayMaxSize') params.max = first;
  if (name === 'minLength' || name === 'min' || name === 'arrayMinSize') params.min = first;
  if (name === 'isLength') Object.assign(params, { min: first, max: second });
  if (name === 'isIn') Object.assign(params, { values: first, ...(metadata?.each && { each: true }) });
  if (name === 'isNotBefore') params.other = first;
  // without the limits (no metadata found) a sentence would read "at most undefined": say what class-validator said
  if (Object.values(params).some((value) => value === undefined)) return { field, code: 'invalid', params: { reason: message } };
  return { field, code: name, ...(Object.keys(params).length && { params }) } as FieldProblem;
}

/** class-validator messages start with the property name, which `field` already carries. */
function stripProperty(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

/**
 * The one validation pipe: bodies must be JSON objects, unknown fields are refused,
 * payloads are turned into the DTO classes, and failures become a problem+json 400
 * naming every bad field.
 */
class ProblemValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && this.toValidate(metadata) && !isPlainObject(value)) {
      throw ProblemException.validation([{ field: '(body)', code: 'jsonObject' }]);
    }
    if (metadata.type === 'body' || metadata.type === 'query') {
      const problems = inspectRaw(value, '', 0);
      if (problems.length) throw ProblemException.validation(problems);
    }
    return super.transform(value, metadata);
  }
}

/**
 * What class-transformer would drop silently or the database would refuse: keys that
 * name Object.prototype members (`constructor`, `toString`, `__proto__`...) or `prototype`, and strings
 * holding U+0000 or a lone UTF-16 surrogate, which PostgreSQL cannot store — and nesting deeper than
 * any shape of the API (a 100,000-level body would overflow class-transformer's recursion).
 */
const MAX_DEPTH = 32;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function inspectRaw(value: unknown, path: string, depth: number): FieldProblem[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return [{ field: path || '(body)', code: 'nulCharacter' }];
    // half of a UTF-16 pair (\ud800 alone) is not text: validators choke on it, PostgreSQL refuses it
    if (LONE_SURROGATE.test(value)) return [{ field: path || '(body)', code: 'loneSurrogate' }];
    return [];
  }
  if (typeof value !== 'object' || value === null) return [];
  // deeper than any shape of this API: refused here, before class-transformer recurses into it and overflows its stack
  if (depth >= MAX_DEPTH) return [{ field: path || '(body)', code: 'tooDeep', params: { max: MAX_DEPTH } }];
  return Object.entries(value).flatMap(([key, child]) => {
    const field = path ? `${path}.${key}` : key;
    if (key in Object.prototype || key === 'prototype') return [{ field, code: 'unknownField' }];
    return inspectRaw(child, field, depth + 1);
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function createValidationPipe(): ValidationPipe {
  return new ProblemValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    // the target lets a constraint's limits be read from its metadata (flattenValidationErrors)
    validationError: { target: true, value: true },
    stopAtFirstError: true,
    exceptionFactory: (errors) => ProblemException.validation(flattenValidationErrors(errors)),
  });
}

/**
 * Validates a value against a DTO class exactly as a @Body() would be, for the routes that
 * take several kinds of body (JSON or multipart fields).
 */
export async function validateBody<T>(dto: new () => T, value: unknown): Promise<T> {
  return (await createValidationPipe().transform(value, { type: 'body', metatype: dto, data: undefined })) as T;
}
