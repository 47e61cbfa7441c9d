/**
 * One benchmark session: start a server, open one workload file, and time initialize,
 * diagnostics on open, completion and hover, one-character edits, then read its peak RSS.
 */
import { performance } from 'node:perf_hooks';
import { CompletionRequest, HoverRequest } from 'vscode-languageserver-protocol/node';
import { LspClient, TimeoutError } from './lsp-client.mjs';
import { initializeParams } from './servers.mjs';
import { summarise } from './stats.mjs';

const now = () => performance.now();
const round = (x) => Math.round(x * 100) / 100;
const describe = (error) => (error instanceof TimeoutError ? 'timeout' : `error: ${String(error?.message ?? error).split('\n')[0]}`);

/**
 * @param profile a server profile from servers.mjs
 * @param workload from workload.mjs
 * @param options { uri, rootUri, edits, queries, warmup, stepTimeoutMs, loopBudgetMs, skipEditsAboveMs }
 */
export async function measureSession(profile, workload, options) {
  const result = { server: profile.id };
  const client = new LspClient({ args: profile.args, configuration: profile.configuration, content: profile.content });
  result.pid = client.pid;
  const { uri } = options;
  try {
    // start → initialize response
    const init = await client.initialize(initializeParams(options.rootUri), options.stepTimeoutMs);
    result.initializeMs = round(init.at - client.startedAt);
    result.serverInfo = init.result?.serverInfo;
    await profile.afterInitialize(client);
    await client.initialized();
    if (profile.waitForConfiguration) {
      await client.until('workspace/configuration', () => (client.configurationRequests > 0 ? true : undefined), options.stepTimeoutMs);
    }

    // open → first diagnostics (of version 1 where the server reports versions)
    let from = client.diagnostics.length;
    const openedAt = now();
    await client.open(uri, workload.text, 1);
    try {
      const first = await client.diagnosticsAfter(uri, from, 1, options.stepTimeoutMs);
      result.openToDiagnosticsMs = round(first.at - openedAt);
      result.startToFirstDiagnosticsMs = round(first.at - client.startedAt);
      result.diagnosticsOnOpen = first.params.diagnostics.length;
      result.versionedDiagnostics = first.params.version !== undefined;
    } catch (error) {
      result.openToDiagnosticsMs = describe(error);
      result.startToFirstDiagnosticsMs = describe(error);
      result.skipped = `open → diagnostics ${describe(error)} after ${options.stepTimeoutMs} ms; later steps skipped`;
      return result;
    }

    // completion and hover on the settled document
    const queries = [
      ['completionKey', CompletionRequest.type, workload.key, (r) => (Array.isArray(r) ? r.length : (r?.items?.length ?? 0))],
      ['completionValue', CompletionRequest.type, workload.value, (r) => (Array.isArray(r) ? r.length : (r?.items?.length ?? 0))],
      ['hoverKey', HoverRequest.type, workload.key, (r) => (r ? hoverLength(r) : 0)],
      ['hoverValue', HoverRequest.type, workload.value, (r) => (r ? hoverLength(r) : 0)],
    ];
    // After a timeout the server is still busy: later loops would only queue behind it.
    const timedOut = () => [...queries.map(([name]) => result[name]), result.edit, result.editEnter].some((r) => r?.stopped === 'timeout');
    for (const [name, type, position, size] of queries) {
      if (timedOut()) {
        result[name] = { samples: 0, skipped: 'an earlier request timed out' };
        continue;
      }
      result[name] = await timedLoop(options.queries, options.warmup, options.loopBudgetMs, async () => {
        const started = now();
        const answer = await client.request(type, { textDocument: { uri }, position }, options.stepTimeoutMs);
        return { ms: now() - started, size: size(answer) };
      });
    }

    // one-character edits → diagnostics of that version: a letter replaced (nothing moves), then
    // Enter typed and taken back (every document below moves a line)
    let version = 1;
    const edit = async (changes) => {
      version++;
      from = client.diagnostics.length;
      const started = now();
      await client.change(uri, version, changes(version));
      const got = await client.diagnosticsAfter(uri, from, result.versionedDiagnostics ? version : undefined, options.stepTimeoutMs);
      return { ms: got.at - started, size: got.params.diagnostics.length };
    };
    const { line, character } = workload.edit;
    const letter = (v) => [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text: v % 2 === 0 ? workload.edit.to : workload.edit.from }];
    const { line: enterLine, character: enterAt } = workload.enter;
    const enter = (v) =>
      v % 2 === 0
        ? [{ range: { start: { line: enterLine, character: enterAt }, end: { line: enterLine, character: enterAt } }, text: '\n' }]
        : [{ range: { start: { line: enterLine, character: enterAt }, end: { line: enterLine + 1, character: 0 } }, text: '' }];
    for (const [name, changes, count] of [['edit', letter, options.edits], ['editEnter', enter, options.edits + (options.edits % 2)]]) {
      if (timedOut()) result[name] = { samples: 0, skipped: 'an earlier request timed out' };
      else if (result.openToDiagnosticsMs > options.skipEditsAboveMs) result[name] = { samples: 0, skipped: `open → diagnostics took ${Math.round(result.openToDiagnosticsMs)} ms (> ${options.skipEditsAboveMs} ms)` };
      // An even number of Enter edits: each newline is taken back, so the file ends as it was.
      else result[name] = await timedLoop(count, 0, options.loopBudgetMs, () => edit(changes));
    }
  } catch (error) {
    result.error = String(error?.stack ?? error);
  } finally {
    const memory = client.memory();
    result.peakRssBytes = memory.peakRss;
    result.rssBytes = memory.rss;
    result.unexpectedRequests = [...new Set(client.unexpectedRequests)];
    result.contentRequests = client.contentRequests.map((r) => `${r.method} ${r.uri}`);
    const stopped = await client.stop();
    result.cleanExit = stopped.clean;
    if (result.error) result.stderrTail = client.stderr.slice(-2000);
  }
  return result;
}

function hoverLength(hover) {
  const c = hover.contents;
  if (typeof c === 'string') return c.length;
  if (Array.isArray(c)) return c.reduce((n, part) => n + (typeof part === 'string' ? part.length : (part.value?.length ?? 0)), 0);
  return c?.value?.length ?? 0;
}

/**
 * Runs `step` `count` times (after `warmup` untimed runs), stopping early once `budgetMs` is
 * spent. A step that times out ends the loop and is recorded.
 */
async function timedLoop(count, warmup, budgetMs, step) {
  const samples = [];
  let lastSize;
  const started = now();
  try {
    for (let i = 0; i < warmup; i++) await step();
    while (samples.length < count) {
      const { ms, size } = await step();
      samples.push(ms);
      lastSize = size;
      if (now() - started > budgetMs) break;
    }
  } catch (error) {
    return { ...summarise(samples), stopped: describe(error), resultSize: lastSize };
  }
  return { ...summarise(samples), ...(samples.length < count ? { stopped: `budget of ${budgetMs} ms spent` } : {}), resultSize: lastSize };
}
