/** Reading mapping keys the way kubectl does (shared by the document model and the fast reader's tree). */
import { isScalar, type Pair } from 'yaml';

/** The key of a pair as the string kubectl would use for it (non-string keys are stringified). */
export function keyText(pair: Pair): string | undefined {
  const key = pair.key;
  // A YAML 1.1 merge key `<<` is a scalar whose value is a symbol.
  if (isScalar(key)) return key.value === null ? '' : typeof key.value === 'symbol' ? '<<' : String(key.value);
  return undefined;
}
