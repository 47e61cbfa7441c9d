/** Test helpers: caret fixtures (`|` marks the cursor) over the pure core. */
import { createLanguageCore, type CompletionProposal, type CoreSettings, type Position, type Problem } from '../../server/src/core/index';

export function caret(textWithCaret: string): { text: string; position: Position } {
  const offset = textWithCaret.indexOf('|');
  if (offset < 0) throw new Error('fixture has no | caret');
  const text = textWithCaret.slice(0, offset) + textWithCaret.slice(offset + 1);
  const before = text.slice(0, offset).split('\n');
  return { text, position: { line: before.length - 1, character: before[before.length - 1].length } };
}

export function completionsAt(textWithCaret: string, settings: Partial<CoreSettings> = {}): CompletionProposal[] {
  const { text, position } = caret(textWithCaret);
  const core = createLanguageCore(settings);
  return core.complete(core.parse(text), position);
}

export function labels(textWithCaret: string): string[] {
  return completionsAt(textWithCaret).map((c) => c.label);
}

/** Applies a proposal's edit to the text (snippet markers removed), to check the result. */
export function applyCompletion(textWithCaret: string, label: string): string {
  const { text } = caret(textWithCaret);
  const proposal = completionsAt(textWithCaret).find((c) => c.label === label);
  if (!proposal) throw new Error(`no completion ${label}`);
  const lines = text.split('\n');
  const offsetOf = (p: Position) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const inserted = proposal.isSnippet ? proposal.insertText.replace(/\$\{\d+(?::([^}]*))?\}|\$\d+/g, (_, d: string | undefined) => d ?? '') : proposal.insertText;
  return text.slice(0, offsetOf(proposal.range.start)) + inserted + text.slice(offsetOf(proposal.range.end));
}

export function problems(text: string, settings: Partial<CoreSettings> = {}): Problem[] {
  const core = createLanguageCore(settings);
  return core.validate(core.parse(text));
}

/** `code@path` for each problem: what tests compare, not message text. */
export function codes(text: string): string[] {
  return problems(text).map((p) => `${p.code}@${p.path}`);
}

export function hoverAt(textWithCaret: string, settings: Partial<CoreSettings> = {}): string | undefined {
  const { text, position } = caret(textWithCaret);
  const core = createLanguageCore(settings);
  return core.hover(core.parse(text), position)?.contents;
}

/** The seed's reference Service, used across tests. */
export const backEnd = `apiVersion: v1
kind: Service
metadata:
  name: back-end

spec:
  type: ClusterIP
  ports:
  - targetPort: 80
    port: 80
    # nodePort 항목이 없음을 주의!
  selector: # pod 생성 시 labels에 정의되어 있던 내용
    app: myapp
    type: back-end
`;
