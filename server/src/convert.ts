/** Conversions from the core's plain data to LSP types: the only place that knows both. */
import {
  CompletionItemKind,
  DiagnosticSeverity,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  type CompletionItem,
  type Diagnostic,
  type Hover,
} from 'vscode-languageserver/node';
import type { CompletionProposal, HoverResult, Problem, Severity } from './core/index';

export const diagnosticSource = 'k8s-service';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(problem: Problem): Diagnostic {
  return {
    range: problem.range,
    severity: severities[problem.severity],
    code: problem.code,
    source: diagnosticSource,
    message: problem.message,
    data: { path: problem.path, ...problem.data },
  };
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
