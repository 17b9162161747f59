import { gzipSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

/** The most JavaScript the agents' app may ship, gzipped (issue 8). */
export const JS_BUDGET_BYTES = 700 * 1024;
/** The most JavaScript the student's page may ship, gzipped (issue 17: light, for a phone). */
export const STUDENT_JS_BUDGET_BYTES = 150 * 1024;

/**
 * The pages of the build, each with its budget: the agents' app at / and the student's page
 * (served at /s/, see src/infra/web/web-app.ts).
 */
const PAGES = {
  index: { html: resolve(import.meta.dirname, 'index.html'), budget: JS_BUDGET_BYTES, label: 'web' },
  student: { html: resolve(import.meta.dirname, 'student/index.html'), budget: STUDENT_JS_BUDGET_BYTES, label: 'web/student' },
} as const;

/**
 * After the build: writes a .gz beside every asset (the API serves them to browsers that take
 * gzip), prints the gzipped size of the JavaScript each page ships (its entry and every chunk it
 * may load, shared ones included), and fails the build when a page is over its budget.
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
      const gzipped = new Map<string, { gz: number; raw: number }>();
      for (const [fileName, output] of Object.entries(bundle)) {
        const bytes = output.type === 'chunk' ? Buffer.from(output.code) : Buffer.from(output.source);
        if (!/\.(js|css|html|svg|json)$/.test(fileName)) continue;
        const gz = gzipSync(bytes, { level: 9 });
        writeFileSync(join(outDir, `${fileName}.gz`), gz);
        if (fileName.endsWith('.js')) gzipped.set(fileName, { gz: gz.length, raw: bytes.length });
      }
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
      const over: string[] = [];
      for (const [name, page] of Object.entries(PAGES)) {
        const entry = Object.values(bundle).find((o) => o.type === 'chunk' && o.isEntry && o.name === name);
        if (!entry || entry.type !== 'chunk') this.error(`${page.label}: no entry chunk "${name}" in the build`);
        // the entry and every chunk it imports or may load later
        const reached = new Set<string>();
        const visit = (fileName: string) => {
          if (reached.has(fileName)) return;
          reached.add(fileName);
          const chunk = bundle[fileName];
          if (chunk?.type === 'chunk') [...chunk.imports, ...chunk.dynamicImports].forEach(visit);
        };
        visit(entry.fileName);
        let jsGzipped = 0;
        let jsRaw = 0;
        for (const fileName of reached) {
          jsGzipped += gzipped.get(fileName)?.gz ?? 0;
          jsRaw += gzipped.get(fileName)?.raw ?? 0;
        }
        const line = `${page.label}: JavaScript shipped: ${kb(jsGzipped)} gzipped (${kb(jsRaw)} raw), budget ${kb(page.budget)} gzipped`;
        if (jsGzipped > page.budget) over.push(`${line}: OVER BUDGET`);
        else process.stdout.write(`${line}: within budget\n`);
      }
      if (over.length) this.error(over.join('\n'));
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
      // two pages: the agents' app (dist/web/index.html) and the student's (dist/web/student/index.html)
      input: { index: PAGES.index.html, student: PAGES.student.html },
      // what both pages load (React) is one chunk, named for what it is rather than after one of its modules
      output: { chunkFileNames: 'assets/shared-[hash].js' },
      // MUI marks its modules "use client" (for React Server Components): meaningless in a plain SPA bundle
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  logLevel: 'warn',
});
