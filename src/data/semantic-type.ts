// What a column means, as opposed to how it is stored: the type a user sees and can override,
// with the one-line reason it was inferred.

export type SemanticType =
  | 'numeric'
  | 'categorical'
  | 'boolean'
  | 'datetime'
  | 'text'
  | 'identifier'
  | 'constant';

export const SEMANTIC_TYPES: readonly SemanticType[] = [
  'numeric',
  'categorical',
  'boolean',
  'datetime',
  'text',
  'identifier',
  'constant',
];

export interface ColumnTypeInfo {
  readonly type: SemanticType;
  readonly reason: string;
  /** True when the user set the type rather than framewise inferring it. */
  readonly overridden: boolean;
}

export function isSemanticType(value: string): value is SemanticType {
  return (SEMANTIC_TYPES as readonly string[]).includes(value);
}
