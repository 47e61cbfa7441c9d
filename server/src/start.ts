/**
 * The server's entry point (`dist/server.js`): loads the server bundle (`dist/server-main.js`)
 * with a V8 code cache, so a restart does not compile the same megabyte of JavaScript again.
 * Node 22 does this itself (`module.enableCompileCache`); the Node 20 of our CI and of VS Code's
 * Electron does not. Without a usable cache (first start, another Node, a rebuilt bundle) the
 * bundle is compiled as usual and a cache is written for the next start; any failure on the way
 * falls back to a plain `require`.
 *
 * Kept tiny and free of other modules: everything here runs before the server can answer.
 */
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

// The live heap stays small (about 50 MB with a 5 MB file open), but every edit of a large file
// leaves a few megabytes of garbage (the previous text, its line table). With V8's default heap
// growth that garbage piles up to several times the live size before a full collection; growing
// the heap by at most 20% over what survived keeps the peak near the live size, at no measurable
// cost per edit (README, Performance). Set before anything is compiled: V8's code cache records
// the flags it was made with.
setFlagsFromString('--heap-growing-percent=20');
// Lets the server collect the garbage of opening a large file at once, while the editor is busy
// showing its diagnostics, instead of in a pause during the user's next request (server.ts).
setFlagsFromString('--expose-gc');

const main = path.join(__dirname, 'server-main.js');

/**
 * The cache lives next to the bundle (dist/), never in a shared directory such as /tmp: V8 runs
 * whatever bytecode a cache file holds, so it must be as private as the bundle itself. Where
 * dist/ is not writable (a read-only install) the server simply starts without a cache.
 */
function cacheFile(): string {
  const { size, mtimeMs } = statSync(main);
  // One file per build of the bundle and V8 version. V8 rejects a cache for another V8 or other
  // flags, but checks the source only by its length: the build's time tells builds apart.
  const key = `${size}-${Math.round(mtimeMs)}-${process.versions.v8}-${process.arch}`.replace(/[^\w.-]/g, '_');
  return path.join(__dirname, `server-main.${key}.v8-cache`);
}

/** Caches of other builds and V8 versions (each writes its own) go when a new one is written. */
function forgetOtherCaches(keep: string): void {
  for (const name of readdirSync(__dirname)) {
    const file = path.join(__dirname, name);
    if (file !== keep && name.startsWith('server-main.') && name.endsWith('.v8-cache')) rmSync(file, { force: true });
  }
}

type CompiledModule = (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;

/** Compiles the bundle with the cache when there is one; arranges for a cache to be written otherwise. */
function compileWithCache(): CompiledModule {
  const source = readFileSync(main, 'utf8');
  const cache = cacheFile();
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cache);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(source), { filename: main, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    // Written when the server stops, so it also holds the functions compiled while it ran.
    process.once('exit', () => {
      try {
        const partial = `${cache}.${process.pid}`;
        writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
        renameSync(partial, cache);
        forgetOtherCaches(cache);
      } catch {
        // No cache next time: the server only starts a little slower.
      }
    });
  }
  return script.runInThisContext() as CompiledModule;
}

let compiled: CompiledModule | undefined;
try {
  compiled = compileWithCache();
} catch {
  compiled = undefined;
}
if (compiled) {
  const module = new Module(main, require.main);
  module.filename = main;
  module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(main));
  compiled.call(module.exports, module.exports, Module.createRequire(main), module, main, path.dirname(main));
} else {
  require(main);
}
