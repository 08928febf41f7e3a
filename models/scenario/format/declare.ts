// The vocabulary of the scenario format's declarations: a value's type (number, text, enum, a named
// definition, list of, map of, record of fields, one of several forms) and a field's description,
// default and whether it is required. Plain data built by small constructors; the JSON Schema, the
// loader's field lists and the reference's tables are all read from values built here.

/** What every type may carry: the text and examples shown to users, and its default. */
export interface Notes {
  readonly description?: string;
  readonly default?: unknown;
  readonly examples?: readonly unknown[];
  /** Set on a record's field that must be written. */
  readonly required?: true;
  /** A value of the type that is not allowed (`exit` as a name, 0 replicas added). */
  readonly except?: Scalar;
  /** What an absent optional field means when that is not a value (`from the file extension`). */
  readonly defaultText?: string;
  /** How the reference writes the type when the vocabulary's words say less (`duration > 0`, `class name`). */
  readonly shown?: string;
}

export interface NumberType extends Notes {
  readonly is: 'number';
  readonly integer?: true;
  /** Inclusive bounds. */
  readonly min?: number;
  readonly max?: number;
  /** Exclusive bounds. */
  readonly above?: number;
  readonly below?: number;
}

export interface TextType extends Notes {
  readonly is: 'text';
  readonly pattern?: string;
  /** What the text is, for the reference (a path, a column, an expression of `t`); the schema says string. */
  readonly label?: string;
}

export interface BooleanType extends Notes {
  readonly is: 'boolean';
}

export type Scalar = string | number | boolean;

export interface ConstType<V extends Scalar = Scalar> extends Notes {
  readonly is: 'const';
  readonly value: V;
}

export interface EnumType<V extends readonly string[] = readonly string[]> extends Notes {
  readonly is: 'enum';
  readonly values: V;
}

/** A named definition of the format (duration, rate, distribution, next, ...). */
export interface RefType extends Notes {
  readonly is: 'ref';
  readonly name: string;
}

export interface ListType extends Notes {
  readonly is: 'list';
  readonly of?: ValueType;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly unique?: true;
  /** Types of the first items, in order (a tuple such as a curve's [x, time]). */
  readonly prefix?: readonly ValueType[];
}

/** A map whose keys are names chosen by the user (agents, classes, pools, ...). */
export interface MapType extends Notes {
  readonly is: 'map';
  readonly of: ValueType;
  readonly keys?: ValueType;
  readonly minEntries?: number;
}

export type FieldMap = Readonly<Record<string, ValueType>>;

/** A map with fixed field names, in the order the loader lists them in its messages. */
export interface RecordType<F extends FieldMap = FieldMap> extends Notes {
  readonly is: 'record';
  readonly fields: F;
  /** Other fields allowed (checked where the record is used, e.g. a distribution's parameters). */
  readonly open?: true;
  /** Written without `type: object` in the schema (a form inside a choice that already says so). */
  readonly untyped?: true;
  /** A named definition whose fields this record adds to (a mixture component: a distribution and its weight). */
  readonly extends?: string;
  /** Exactly one of these fields must be written. */
  readonly exactlyOne?: readonly string[];
  /** At least one of these fields must be written. */
  readonly atLeastOne?: readonly string[];
}

/** One of several forms; `by` names the field whose value tells the forms apart (kind, process, dist). */
export interface ChoiceType extends Notes {
  readonly is: 'oneOf' | 'anyOf';
  readonly options: readonly ValueType[];
  readonly by?: string;
  /** The schema says the value is a map (`type: object`). */
  readonly object?: true;
}

export type ValueType =
  | NumberType | TextType | BooleanType | ConstType | EnumType | RefType | ListType | MapType | RecordType | ChoiceType;

interface Limits {
  readonly min?: number;
  readonly max?: number;
  readonly above?: number;
  readonly below?: number;
}

export const num = (limits: Limits = {}): NumberType => ({ is: 'number', ...limits });
export const int = (limits: Limits = {}): NumberType => ({ is: 'number', integer: true, ...limits });
export const text = (pattern?: string): TextType => (pattern === undefined ? { is: 'text' } : { is: 'text', pattern });
/** A text naming something (a path, a column); the schema checks only that it is a string. */
export const textOf = (label: string): TextType => ({ is: 'text', label });
/** A rate or forecast written as an expression of t (compiled and checked by the loader). */
export const expression = (): TextType => textOf('an expression of `t`');
export const bool = (): BooleanType => ({ is: 'boolean' });
export const constant = <const V extends Scalar>(value: V): ConstType<V> => ({ is: 'const', value });
export const enumOf = <const V extends readonly string[]>(values: V): EnumType<V> => ({ is: 'enum', values });
export const ref = (name: string): RefType => ({ is: 'ref', name });

export function listOf<T extends ValueType>(of: T, more?: Omit<ListType, 'is' | 'of'>): ListType & { readonly of: T };
export function listOf(of: undefined, more?: Omit<ListType, 'is' | 'of'>): ListType;
export function listOf(of: ValueType | undefined, more: Omit<ListType, 'is' | 'of'> = {}): ListType {
  return of === undefined ? { is: 'list', ...more } : { is: 'list', of, ...more };
}

export const mapOf = (of: ValueType, more: Omit<MapType, 'is' | 'of'> = {}): MapType => ({ is: 'map', of, ...more });

export const record = <const F extends FieldMap>(fields: F, more: Omit<RecordType<F>, 'is' | 'fields'> = {}): RecordType<F> =>
  ({ is: 'record', fields, ...more });

export const oneOf = <const O extends readonly ValueType[]>(options: O, more: Omit<ChoiceType, 'is' | 'options'> = {}): ChoiceType & { readonly options: O } =>
  ({ is: 'oneOf', options, ...more });

export const anyOf = <const O extends readonly ValueType[]>(options: O, more: Omit<ChoiceType, 'is' | 'options'> = {}): ChoiceType & { readonly options: O } =>
  ({ is: 'anyOf', options, ...more });

/** A type with its one-line description and notes. */
export const described = <T extends ValueType>(type: T, description?: string, more: Omit<Notes, 'description'> = {}): T =>
  (description === undefined ? { ...type, ...more } : { ...type, description, ...more });

/** A field a record may take, with its one-line description, default and examples. */
export const field = <T extends ValueType>(type: T, description?: string, more: Omit<Notes, 'description' | 'required'> = {}): T =>
  described(type, description, more);

/** A field that must be written. */
export const required = <T extends ValueType>(type: T, description?: string, more: Omit<Notes, 'description' | 'required'> = {}): T =>
  described(type, description, { ...more, required: true });
