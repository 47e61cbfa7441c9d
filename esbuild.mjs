// Bundles the client, the server and the CLI into dist/ (what the .vsix ships and what
// `node dist/server.js --stdio` runs). `--watch` rebuilds on change.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
// Some dependencies are ES modules that use import.meta.url; in a CommonJS bundle it is
// rebuilt from __filename.
const importMetaUrl = "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;";
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'info',
  define: { 'import.meta.url': '__importMetaUrl' },
};
const builds = [
  { ...common, entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'], banner: { js: importMetaUrl } },
  { ...common, entryPoints: { server: 'server/src/server.ts' }, outdir: 'dist', banner: { js: importMetaUrl } },
  { ...common, entryPoints: { cli: 'server/src/cli.ts' }, outdir: 'dist', banner: { js: `#!/usr/bin/env node\n${importMetaUrl}` } },
];
if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
