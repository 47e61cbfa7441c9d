/**
 * Public types of the language core. The core knows YAML and Kubernetes, not LSP:
 * positions are zero-based line/character pairs in UTF-16 code units (the LSP default),
 * so `server.ts` can pass them through, and the CLI can print them one-based.
 */

/** A zero-based position: `line` and `character` in UTF-16 code units. */
export interface Position {
  line: number;
  character: number;
}

/** A half-open range between two positions. */
export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** The languages our own texts (hovers, messages) are written in. */
export type Locale = 'en' | 'ko';

/**
 * Stable identifier of a problem (`unknown-field`, `node-port-on-cluster-ip`, ...). It is the
 * diagnostic `code` and the CLI's `code`; never rename one. Each rule declares its codes.
 */
export type ProblemCode = string;

/**
 * Where in `kubectl create -f` a problem would stop the manifest, in the order the stages run
 * (service-validation-rules.md section 1): kubectl reading the file, the API server decoding it
 * (400, hides everything later), the registry's pre-checks (422, alone), ValidateService (422,
 * all together). `lint` is for what the server accepts but is almost certainly a mistake, and
 * `cluster` for outcomes that depend on the cluster.
 */
export type Stage = 'kubectl' | 'decode' | 'registry' | 'validation' | 'lint' | 'cluster';

/** One finding about a document. */
export interface Problem {
  range: Range;
  severity: Severity;
  code: ProblemCode;
  /** Human-readable message in the requested locale. */
  message: string;
  /**
   * The Kubernetes field path in the API server's notation (`spec.ports[0].port`),
   * or `''` when the problem is not about a field (a YAML syntax error).
   */
  path: string;
  /** The stage of `kubectl create -f` that would report it (see `Stage`). */
  stage?: Stage;
  /** Extra machine-readable facts (e.g. `suggestion` for a did-you-mean). */
  data?: Record<string, unknown>;
}

/** Settings the core needs; `server.ts` and the CLI build them from their own sources. */
export interface CoreSettings {
  locale: Locale;
  /** Files longer than this many characters are not analysed (one `too-large` problem instead). */
  maxFileSize: number;
}

/** Picks our locale from an editor locale such as `ko`, `ko-KR` or `en-US`. */
export function toLocale(value: string | undefined | null): Locale {
  return value && /^ko\b/i.test(value) ? 'ko' : 'en';
}

export const defaultSettings: CoreSettings = { locale: 'en', maxFileSize: 8_000_000 };

export type CompletionKind = 'property' | 'value' | 'snippet';

/** A completion proposal. `insertText` is a snippet (`$1`, `${1:x}`) when `isSnippet` is set. */
export interface CompletionProposal {
  label: string;
  kind: CompletionKind;
  /** The text that replaces `range`. */
  insertText: string;
  isSnippet: boolean;
  range: Range;
  /** Short type or origin shown beside the label. */
  detail?: string;
  /** Markdown documentation. */
  documentation?: string;
  sortText?: string;
  filterText?: string;
  /** Ask the editor to open completion again after inserting (e.g. for a key whose value is an enum). */
  retrigger?: boolean;
}

export interface HoverResult {
  /** Markdown. */
  contents: string;
  range: Range;
}
