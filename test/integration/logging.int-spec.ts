import { spawn } from 'node:child_process';
import { distEntry } from '../support/processes';

const LINES = 20_000;

/**
 * A process logging LINES lines through the root logger (written asynchronously), then ending
 * as `ending` says, its standard output read slowly so that lines are still waiting in the
 * logger's buffer when it ends.
 */
function logThenEnd(ending: 'exit' | 'throw' | 'return'): Promise<{ code: number | null; lines: string[] }> {
  const script = `
    const { createRootLogger } = require(${JSON.stringify(distEntry('infra/logging.js'))});
    const logger = createRootLogger({ LOG_LEVEL: 'info' });
    for (let i = 0; i < ${LINES}; i++) logger.info({ n: i, padding: 'x'.repeat(200) }, 'line');
    ${ending === 'exit' ? 'process.exit(3);' : ending === 'throw' ? "throw new Error('crash');" : ''}
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    // a reader slower than the writer: the pipe fills, the logger's buffer holds the rest
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), 1);
  });
  child.stderr.resume();
  return new Promise((done) =>
    child.on('close', (code) =>
      done({
        code,
        lines: Buffer.concat(chunks)
          .toString()
          .split('\n')
          .filter((line) => line.length > 0),
      }),
    ),
  );
}

/** The root logger writes asynchronously: every line written before the process ends still reaches stdout. */
describe('the root logger', () => {
  it.each(['exit', 'throw', 'return'] as const)('keeps every line when the process ends by %s', async (ending) => {
    const { code, lines } = await logThenEnd(ending);
    expect(code).toBe(ending === 'exit' ? 3 : ending === 'throw' ? 1 : 0);
    expect(lines).toHaveLength(LINES);
    expect(JSON.parse(lines[LINES - 1]!)).toMatchObject({ n: LINES - 1, msg: 'line', service: 'passerelle' });
  });
});
