import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';

/** OWASP's argon2id parameters: 19 MiB of memory, 2 passes, 1 lane. */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 12;

/** Password hashing with argon2id. */
@Injectable()
export class Passwords {
  /** A hash of nothing anyone knows: unknown accounts are checked against it, so they take as long to refuse. */
  private decoy: Promise<string> | null = null;

  hash(password: string): Promise<string> {
    return argon2.hash(password, ARGON2_OPTIONS);
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    this.decoy ??= this.hash(`decoy-${Math.random()}`);
    const against = hash ?? (await this.decoy);
    const matches = await argon2.verify(against, password).catch(() => false);
    return hash !== null && matches;
  }

  /** Whether a hash was made with weaker parameters than today's (then it is redone at the next login). */
  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, ARGON2_OPTIONS);
  }
}
