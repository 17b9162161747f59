/**
 * Whether an error says PostgreSQL is out of reach — down, restarting, or the connection cut —
 * rather than anything about the request or the code: the API answers 503 (try again), not 500.
 * Looks at Prisma's codes, the driver adapter's error kinds, PostgreSQL's SQLSTATEs and pg's
 * own messages, through the chain of causes.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current !== null && typeof current === 'object' && depth < 5; depth++) {
    const { name, code, message, meta, cause } = current as {
      name?: unknown;
      code?: unknown;
      message?: unknown;
      meta?: { driverAdapterError?: { cause?: { kind?: unknown; code?: unknown } } };
      cause?: unknown;
    };
    if (name === 'PrismaClientInitializationError') return true;
    if (typeof code === 'string' && UNAVAILABLE_CODES.test(code)) return true;
    const adapter = meta?.driverAdapterError?.cause;
    if (typeof adapter?.kind === 'string' && UNREACHABLE_KINDS.has(adapter.kind)) return true;
    if (adapter?.kind === 'postgres' && typeof adapter.code === 'string' && UNAVAILABLE_CODES.test(adapter.code)) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
    current = cause;
  }
  return false;
}

/** Prisma: server unreachable, timed out, connection closed, pool timeout; PostgreSQL: shutting down or starting, connection exceptions, too many connections. */
const UNAVAILABLE_CODES = /^(P1001|P1002|P1008|P1017|P2024|57P0[1-3]|08\d{3}|53300|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE)$/;
const UNREACHABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|Can't reach database server|timeout exceeded when trying to connect|the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)|terminating connection due to/;
