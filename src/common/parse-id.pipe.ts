import { PipeTransform } from '@nestjs/common';
import { ProblemException } from './problem';
import { UUID_PATTERN } from './validators';

/** Path ids must be UUIDs: anything else is a 400 naming the parameter, never a 500. */
export class ParseIdPipe implements PipeTransform<string, string> {
  constructor(private readonly field = 'id') {}

  transform(value: string): string {
    if (!UUID_PATTERN.test(value)) {
      throw ProblemException.validation([{ field: this.field, code: 'isUuid' }]);
    }
    return value.toLowerCase();
  }
}
