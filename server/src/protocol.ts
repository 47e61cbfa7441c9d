/**
 * Our custom protocol between the client and the server, in one place for both sides.
 */

/** Ranges of API server field paths in an open document, for kubectl's errors. */
export const fieldRangesMethod = 'k8sServiceYaml/fieldRanges';

export interface FieldRangesParams {
  uri: string;
  fields: { kind: string; name: string; path: string }[];
}

/** One range (or null when the field cannot be found) per requested field, in order. */
export type FieldRangesResult = ({ start: { line: number; character: number }; end: { line: number; character: number } } | null)[];

/** A client command that shows locations in VS Code's peek view: (uri, position, locations). */
export const showReferencesCommand = 'k8sServiceYaml.showReferences';
