import { gzipSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

/** The most JavaScript the app may ship, gzipped (issue 8). */
export const JS_BUDGET_BYTES = 700 * 1024;

/**
 * After the build: writes a .gz beside every asset (the API serves them to browsers that take
 * gzip), prints the gzipped size of the JavaScript shipped, and fails the build over budget.
 */
function sizeBudget(): Plugin {
  let outDir = '';
  return {
    name: 'passerelle-size-budget',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    writeBundle(_options, bundle) {
      let jsGzipped = 0;
      let jsRaw = 0;
      for (const [fileName, output] of Object.entries(bundle)) {
        const bytes = output.type === 'chunk' ? Buffer.from(output.code) : Buffer.from(output.source as string | Uint8Array);
        if (!/\.(js|css|html|svg|json)$/.test(fileName)) continue;
        const gzipped = gzipSync(bytes, { level: 9 });
        writeFileSync(join(outDir, `${fileName}.gz`), gzipped);
        if (fileName.endsWith('.js')) {
          jsGzipped += gzipped.length;
          jsRaw += bytes.length;
        }
      }
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
      const line = `web: JavaScript shipped: ${kb(jsGzipped)} gzipped (${kb(jsRaw)} raw), budget ${kb(JS_BUDGET_BYTES)} gzipped`;
      if (jsGzipped > JS_BUDGET_BYTES) {
        this.error(`${line}: OVER BUDGET`);
      }
      process.stdout.write(`${line}: within budget\n`);
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [sizeBudget()],
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: resolve(import.meta.dirname, '../dist/web'),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    reportCompressedSize: false,
    rolldownOptions: {
      // MUI marks its modules "use client" (for React Server Components): meaningless in a plain SPA bundle
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  logLevel: 'warn',
});
