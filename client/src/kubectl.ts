/**
 * Running kubectl, without VS Code: the argument lists of our commands, the process (always an
 * argument array, never a shell, so file names cannot inject anything), and reading what
 * kubectl printed (what was created, the API server's field errors, why it failed).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export type KubectlAction = 'create' | 'dryRun' | 'getServices';

export interface KubectlSettings {
  /** The kubectl executable: a path or a name looked up on PATH. */
  path: string;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  timeoutSeconds: number;
}

/** Where the manifest comes from: a file on disk, or the editor's text on standard input. */
export type ManifestSource = { file: string } | { stdin: string };

/** The arguments for an action; the manifest source matters for create and dry run only. */
export function buildArgs(action: KubectlAction, settings: KubectlSettings, source?: ManifestSource): string[] {
  const args: string[] = [];
  if (action === 'getServices') args.push('get', 'services', '-o', 'wide');
  else {
    args.push('create');
    if (action === 'dryRun') args.push('--dry-run=server');
    args.push('-f', source && 'file' in source ? source.file : '-');
  }
  if (settings.kubeconfig) args.push('--kubeconfig', settings.kubeconfig);
  if (settings.context) args.push('--context', settings.context);
  if (settings.namespace) args.push('--namespace', settings.namespace);
  // kubectl's own limit for each request, below ours for the whole run.
  args.push(`--request-timeout=${Math.max(1, Math.floor(settings.timeoutSeconds))}s`);
  return args;
}

/** How a run ended when kubectl could not do its job for a reason of its own. */
export type Failure = 'not-found' | 'not-executable' | 'spawn-failed' | 'timeout' | 'cancelled';

export interface RunResult {
  /** kubectl's exit code, or null when it did not exit by itself. */
  code: number | null;
  stdout: string;
  stderr: string;
  failure?: Failure;
  /** The operating system's error text when kubectl could not be started. */
  detail?: string;
}

export interface RunOptions {
  input?: string;
  signal?: AbortSignal;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Quotes an argument for display only (the output channel shows the exact command line). */
function displayArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function commandLine(executable: string, args: readonly string[]): string {
  return [executable, ...args].map(displayArg).join(' ');
}

export function runKubectl(executable: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let failure: Failure | undefined;
    let settled = false;
    const finish = (result: RunResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn(executable, [...args], {
        shell: false,
        cwd: options.cwd,
        env: options.env ?? process.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        windowsHide: true,
      });
    } catch (error) {
      // Node refuses some arguments outright (a NUL byte; on Windows, .cmd/.bat files): a result, not a rejection.
      resolve({ code: null, stdout: '', stderr: '', failure: 'spawn-failed', detail: error instanceof Error ? error.message : String(error) });
      return;
    }
    const stop = (why: Failure) => {
      failure = why;
      child.kill('SIGTERM');
      // A kubectl stuck in a system call gets SIGKILL after a grace period.
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    };
    const onAbort = () => stop('cancelled');
    const timer = setTimeout(() => stop('timeout'), options.timeoutMs);
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      const kind: Failure = error.code === 'ENOENT' ? 'not-found' : error.code === 'EACCES' || error.code === 'ENOEXEC' ? 'not-executable' : 'spawn-failed';
      finish({ code: null, stdout, stderr, failure: kind, detail: error.message });
    });
    child.on('close', (code) => finish({ code, stdout, stderr, failure }));
    // kubectl may exit before reading all of its input; that is reported through its exit code.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** One field error of the API server, as kubectl printed it. */
export interface FieldError {
  kind: string;
  name: string;
  /** The field path in the API server's notation: `spec.ports[0].nodePort`. */
  path: string;
  /** `Forbidden`, `Required value`, `Invalid value`, `Unsupported value`, `Duplicate value`, `unknown field`, `wrong type`. */
  type: string;
  message: string;
}

export interface KubectlReport {
  /** `service/back-end created`, `service/x created (server dry run)` lines. */
  created: string[];
  fieldErrors: FieldError[];
  /** The cluster did not answer (connection refused, no such host, timeout). */
  unreachable: boolean;
  /** The cluster refused our credentials. */
  unauthorized: boolean;
}

const causeTypes = /^(Forbidden|Required value|Invalid value|Unsupported value|Duplicate value|Too long|Too many|Internal error)/;

function cause(kind: string, name: string, text: string): FieldError | undefined {
  const match = /^([A-Za-z][\w.[\]/-]*(?:\[[^\]]*\])*[\w.[\]/-]*): (.*)$/s.exec(text.trim());
  if (!match) return undefined;
  const type = causeTypes.exec(match[2])?.[1] ?? 'Invalid value';
  return { kind, name, path: match[1], type, message: match[2].trim() };
}

/** Splits `[a: x, b: y]` without splitting inside a cause's own text. */
function splitCauses(list: string): string[] {
  return list.split(/, (?=[A-Za-z][\w.[\]/-]*: (?:Forbidden|Required value|Invalid value|Unsupported value|Duplicate value|Too long|Too many|Internal error))/);
}

export function parseOutput(stdout: string, stderr: string): KubectlReport {
  const created = stdout.split(/\r?\n/).filter((l) => /^\S+\/\S+ created\b/.test(l));
  const fieldErrors: FieldError[] = [];
  const lines = stderr.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    // One document failed: `The Service "x" is invalid: path: cause` or a `* path: cause` list.
    const single = /^The (\w+) "([^"]*)" is invalid: ?(.*)$/.exec(line);
    if (single) {
      const [, kind, name, rest] = single;
      if (rest.trim()) {
        const one = cause(kind, name, rest);
        if (one) fieldErrors.push(one);
      }
      while (i + 1 < lines.length && lines[i + 1].startsWith('* ')) {
        const one = cause(kind, name, lines[++i].slice(2));
        if (one) fieldErrors.push(one);
      }
      continue;
    }
    // Several documents failed: `Error from server (Invalid): error when creating "f": Service "x" is invalid: [a, b]`.
    const many = /Error from server \(Invalid\): .*?(\w+) "([^"]*)" is invalid: (.*)$/.exec(line);
    if (many) {
      const [, kind, name, rest] = many;
      const body = rest.startsWith('[') && rest.endsWith(']') ? rest.slice(1, -1) : rest;
      for (const part of splitCauses(body)) {
        const one = cause(kind, name, part);
        if (one) fieldErrors.push(one);
      }
      continue;
    }
    // Strict decoding: unknown fields, and JSON type errors, reported before validation.
    const decode = /(\w+) in version "[^"]*" cannot be handled as a (\w+): (.*)$/.exec(line);
    if (decode) {
      for (const unknown of decode[3].matchAll(/unknown field "([^"]+)"/g)) {
        fieldErrors.push({ kind: decode[2], name: '', path: unknown[1], type: 'unknown field', message: `unknown field "${unknown[1]}"` });
      }
      const typed = /cannot unmarshal (\w+) into Go struct field \w+\.([\w.]+) of type (\w+)/.exec(decode[3]);
      if (typed) fieldErrors.push({ kind: decode[2], name: '', path: typed[2], type: 'wrong type', message: `cannot unmarshal ${typed[1]} into ${typed[2]} of type ${typed[3]}` });
    }
  }
  const unreachable = /Unable to connect to the server|connection to the server .* was refused|connect: connection refused|no such host|i\/o timeout|context deadline exceeded|Client\.Timeout exceeded/i.test(stderr);
  const unauthorized = /You must be logged in to the server|Unauthorized|provide credentials/i.test(stderr);
  return { created, fieldErrors, unreachable, unauthorized };
}
