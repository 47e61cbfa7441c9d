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
  // yaml's ES module build instead of its CommonJS one: esbuild then links our calls into it
  // directly, where the CommonJS interop went through a property getter on every call (the
  // profile of opening a 1 MB file showed ~35 ms in those getters alone). Same code, same
  // version; only the module format differs.
  alias: { yaml: './node_modules/yaml/browser/index.js' },
};
const builds = [
  { ...common, entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'], banner: { js: importMetaUrl } },
  // dist/server.js is a small loader that runs dist/server-main.js with a V8 code cache (start.ts).
  { ...common, entryPoints: { server: 'server/src/start.ts' }, outdir: 'dist' },
  { ...common, entryPoints: { 'server-main': 'server/src/server.ts' }, outdir: 'dist', banner: { js: importMetaUrl } },
  { ...common, entryPoints: { cli: 'server/src/cli.ts' }, outdir: 'dist', banner: { js: `#!/usr/bin/env node\n${importMetaUrl}` } },
];
if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
