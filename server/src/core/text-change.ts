/**
 * Where a text changed, as the editor reported it: the server gets every edit's range from the
 * protocol, so the parser need not compare a large file with its previous version to find the
 * `---` documents an edit touched.
 */

/**
 * Text `after` differs from text `before` only in `[start, oldEnd)` of `before`, which became
 * `[start, newEnd)` of `after`: `before[0, start) === after[0, start)` and
 * `before[oldEnd, ∞) === after[newEnd, ∞)`.
 */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/**
 * One change covering two in a row: `first` (A → B) then `next` (B → C) gives A → C. The result
 * may cover more text than was really edited (everything between two far-apart edits), never less.
 */
export function composeChanges(first: TextChange | undefined, next: TextChange): TextChange {
  if (!first) return { ...next };
  const growth = next.newEnd - next.oldEnd;
  return {
    start: Math.min(first.start, next.start),
    // B's tail from max(first.newEnd, next.oldEnd) is unchanged in C, moved by the growth.
    newEnd: Math.max(first.newEnd, next.oldEnd) + growth,
    // ... and it is A's tail from first.oldEnd, plus what `next` replaced beyond first's end.
    oldEnd: first.oldEnd + Math.max(0, next.oldEnd - first.newEnd),
  };
}

/** Whether `change` can describe `before` → `after` at all (lengths and order agree). */
export function fitsTexts(change: TextChange, beforeLength: number, afterLength: number): boolean {
  const { start, oldEnd, newEnd } = change;
  return Number.isInteger(start) && Number.isInteger(oldEnd) && Number.isInteger(newEnd) && 0 <= start && start <= oldEnd && oldEnd <= beforeLength && start <= newEnd && newEnd <= afterLength && beforeLength - oldEnd === afterLength - newEnd;
}

/**
 * The edits an open document received, by version, so that a parse of version `to` can ask what
 * changed since the version it reuses. Kept small: entries up to the last parsed version go.
 */
export class ChangeLog {
  /** Every edit after `base` is in `entries` (null: a change whose range is unknown). */
  private base: number;
  private entries: { version: number; change: TextChange | null }[] = [];

  constructor(version: number) {
    this.base = version;
  }

  record(version: number, change: TextChange | null): void {
    this.entries.push({ version, change });
    // A document nobody parses (no validation runs) must not grow the log forever.
    if (this.entries.length > 10_000) {
      this.base = version;
      this.entries = [];
    }
  }

  /** One change covering every edit after version `from` up to version `to`; undefined if unknown. */
  since(from: number, to: number): TextChange | undefined {
    if (from < this.base) return undefined;
    let result: TextChange | undefined;
    for (const { version, change } of this.entries) {
      if (version <= from || version > to) continue;
      if (!change) return undefined;
      result = composeChanges(result, change);
    }
    return result ?? { start: 0, oldEnd: 0, newEnd: 0 };
  }

  /** Version `version` was parsed: later parses start from it or a newer one. */
  forgetUpTo(version: number): void {
    if (version <= this.base) return;
    this.entries = this.entries.filter((e) => e.version > version);
    this.base = version;
  }
}
