import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ProblemException } from './problem';

/**
 * Flattens class-validator's tree into one entry per bad field, with `a.b.c` paths.
 * A field left out says "is required" rather than every rule it would have broken.
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const constraints = Object.entries(error.constraints ?? {});
    if (constraints.some(([name]) => name === 'whitelistValidation')) {
      out.push({ field, message: 'is not a known field' });
    } else if (constraints.length && (error.value === undefined || error.value === null)) {
      out.push({ field, message: error.value === null ? 'must not be null' : 'is required' });
    } else if (constraints.length) {
      out.push({ field, message: constraints.map(([, message]) => stripProperty(message, error.property)).join('; ') });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
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
      throw ProblemException.validation([{ field: '(body)', message: 'must be a JSON object' }]);
    }
    return super.transform(value, metadata);
  }
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
    validationError: { target: false, value: true },
    stopAtFirstError: true,
    exceptionFactory: (errors) => ProblemException.validation(flattenValidationErrors(errors)),
  });
}
