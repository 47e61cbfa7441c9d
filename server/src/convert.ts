/** Conversions from the core's plain data to LSP types: the only place that knows both. */
import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  type CodeAction,
  type CompletionItem,
  type Diagnostic,
  type Hover,
} from 'vscode-languageserver/node';
import type { CompletionProposal, HoverResult, Problem, QuickFix, Severity } from './core/index';

const diagnosticSource = 'k8s-service';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * Problems of unchanged documents are the same objects from one validation to the next (cached):
 * so is their diagnostic. A problem is never changed once made (a moved one is a new object).
 */
const diagnosticOf = new WeakMap<Problem, Diagnostic>();

export function toDiagnostic(problem: Problem): Diagnostic {
  let diagnostic = diagnosticOf.get(problem);
  if (!diagnostic) {
    diagnostic = {
      range: problem.range,
      severity: severities[problem.severity],
      code: problem.code,
      source: diagnosticSource,
      message: problem.message,
      data: { path: problem.path, ...problem.data },
    };
    diagnosticOf.set(problem, diagnostic);
  }
  return diagnostic;
}

export function toCompletionItem(proposal: CompletionProposal): CompletionItem {
  return {
    label: proposal.label,
    kind: proposal.kind === 'property' ? CompletionItemKind.Property : proposal.kind === 'value' ? CompletionItemKind.EnumMember : CompletionItemKind.Snippet,
    detail: proposal.detail,
    documentation: proposal.documentation ? { kind: MarkupKind.Markdown, value: proposal.documentation } : undefined,
    sortText: proposal.sortText,
    filterText: proposal.filterText,
    textEdit: { range: proposal.range, newText: proposal.insertText },
    insertTextFormat: proposal.isSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    // Our multi-line insertions carry absolute indentation.
    insertTextMode: InsertTextMode.asIs,
    command: proposal.retrigger ? { title: 'Suggest', command: 'editor.action.triggerSuggest' } : undefined,
  };
}

export function toHover(result: HoverResult): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: result.contents }, range: result.range };
}

export function toCodeAction(uri: string, fix: QuickFix): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [toDiagnostic(fix.problem)],
    isPreferred: fix.isPreferred,
    edit: { changes: { [uri]: fix.edits } },
  };
}

/** Our fix-all kind, so `editor.codeActionsOnSave` can name it. */
export const fixAllKind = `${CodeActionKind.SourceFixAll}.k8s-service`;

/** One action applying every preferred fix whose edits do not overlap an earlier one. */
export function toFixAllAction(uri: string, title: string, fixes: QuickFix[]): CodeAction | undefined {
  const chosen: QuickFix[] = [];
  const before = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  for (const fix of fixes.filter((f) => f.isPreferred)) {
    const overlaps = chosen.some((c) => c.edits.some((e) => fix.edits.some((f) => !(before(f.range.end, e.range.start) || before(e.range.end, f.range.start)))));
    if (!overlaps) chosen.push(fix);
  }
  if (chosen.length === 0) return undefined;
  return { title, kind: fixAllKind, diagnostics: chosen.map((f) => toDiagnostic(f.problem)), edit: { changes: { [uri]: chosen.flatMap((f) => f.edits) } } };
}
