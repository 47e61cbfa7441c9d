/** What every validation rule receives, and how it reports. */
import type { ManifestDocument, ParsedFile } from '../document';
import { message, type MessageKey } from '../i18n';
import type { CoreSettings, Problem, ProblemCode, Severity, Stage } from '../types';

export interface RuleContext {
  file: ParsedFile;
  document: ManifestDocument;
  settings: CoreSettings;
  report(problem: ProblemInput): void;
}

export interface ProblemInput {
  code: ProblemCode;
  /** Offsets in the file. */
  start: number;
  end: number;
  messageKey: MessageKey;
  args?: Record<string, string | number>;
  path: string;
  /** Overrides the rule's stage for this problem. */
  stage?: Stage;
  data?: Record<string, unknown>;
}

/** A rule looks at one YAML document and reports what it finds. */
export interface Rule {
  /** The codes this rule may report, with their default severities. */
  codes: Record<ProblemCode, Severity>;
  /** The stage of `kubectl create -f` at which the rule's problems arise (unless a report says otherwise). */
  stage: Stage;
  /**
   * Which documents of a Kubernetes file the rule looks at: all of them (YAML syntax), those
   * that are manifests, or only Services.
   */
  appliesTo: 'any' | 'kubernetes' | 'service';
  check(context: RuleContext): void;
  /** The rule also reads other documents of the file (its results cannot be kept per document). */
  crossDocument?: boolean;
  /**
   * For cross-document rules: reads what the rule needs of a document while its syntax tree is
   * at hand (the rule runs again on every validation, when the tree may have been released).
   */
  remember?(document: ManifestDocument): void;
  /**
   * For cross-document rules: true when the rule has nothing to say about any document of the
   * file (checked once per validation, so the rule is not run for each document in vain).
   */
  quietFor?(file: ParsedFile): boolean;
  /**
   * True when the rule has nothing to say about this plain document (document.ts `plain`: the
   * fast reader vouched for its YAML), so the rule is skipped and its syntax tree never parsed.
   */
  quietOnPlain?(document: ManifestDocument): boolean;
}

export function makeProblem(file: ParsedFile, settings: CoreSettings, severity: Severity, input: ProblemInput, stage?: Stage): Problem {
  return {
    range: file.lines.range(input.start, Math.max(input.start, input.end)),
    severity,
    code: input.code,
    message: message(settings.locale, input.messageKey, input.args),
    path: input.path,
    ...((input.stage ?? stage) ? { stage: input.stage ?? stage } : {}),
    ...(input.data ? { data: input.data } : {}),
  };
}
