import { PipeTransform } from '@nestjs/common';
import { ProblemException } from './problem';

export const CODE_PATTERN = /^[a-z][a-z0-9-]{0,63}$/;

/** Path codes (procedure codes...) are lower-case words with dashes: anything else is a 400. */
export class ParseCodePipe implements PipeTransform<string, string> {
  constructor(private readonly field = 'code') {}

  transform(value: string): string {
    if (!CODE_PATTERN.test(value)) {
      throw ProblemException.validation([{ field: this.field, code: 'code' }]);
    }
    return value;
  }
}
