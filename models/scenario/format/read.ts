// Reading the declarations: a record's field names in the loader's order, the forms of a choice
// told apart by kind, process or dist, and their tags as a type.

import type { ChoiceType, ConstType, FieldMap, RecordType, Scalar } from './declare.js';

/** The field names of a record, in declaration order: the order the loader's messages list them. */
export const fieldNames = (type: RecordType): readonly string[] => Object.keys(type.fields);

/** The field names of a group of fields that several records share. */
export const groupNames = (group: FieldMap): readonly string[] => Object.keys(group);

/** Each record of a group -> its field names (the events of a timeline, the effects of an action). */
export const fieldNamesByKey = <K extends string>(group: Readonly<Record<K, RecordType>>): Readonly<Record<K, readonly string[]>> =>
  Object.fromEntries(Object.entries<RecordType>(group).map(([key, type]) => [key, fieldNames(type)])) as Record<K, readonly string[]>;

/** The tag values of a choice's forms (a union such as 'poisson' | 'deterministic' | ...). */
export type FormTag<C extends { readonly options: readonly unknown[] }, By extends string> = {
  [I in keyof C['options']]: C['options'][I] extends { readonly fields: { readonly [K in By]: { readonly value: infer V } } } ? V : never
}[number];

/** The form of a choice whose `by` field has the value `tag` (e.g. the station form of an agent). */
export function formOf<C extends ChoiceType, const By extends string, const Tag extends Scalar>(
  choice: C, by: By, tag: Tag,
): Extract<C['options'][number], { readonly fields: { readonly [K in By]: { readonly value: Tag } } }> {
  const form = choice.options.find((option) => option.is === 'record' && option.fields[by]?.is === 'const' && (option.fields[by] as ConstType).value === tag);
  if (form === undefined) throw new Error(`no form with ${by} ${String(tag)}`);
  return form as Extract<C['options'][number], { readonly fields: { readonly [K in By]: { readonly value: Tag } } }>;
}

/** The forms of a choice told apart by its `by` field, in declaration order: tag -> the form's field names. */
export function fieldsByForm<Tag extends string>(type: ChoiceType): Readonly<Record<Tag, readonly string[]>> {
  const forms: Record<string, readonly string[]> = {};
  for (const option of type.options) {
    const tag = option.is === 'record' && type.by !== undefined ? option.fields[type.by] : undefined;
    if (option.is === 'record' && tag?.is === 'const') forms[String(tag.value)] = fieldNames(option);
  }
  return forms as Record<Tag, readonly string[]>;
}

/** As fieldsByForm, without the field that tells the forms apart (a distribution's parameters). */
export function paramsByForm<Tag extends string>(type: ChoiceType): Readonly<Record<Tag, readonly string[]>> {
  const forms = fieldsByForm<Tag>(type) as Record<Tag, readonly string[]>;
  for (const tag of Object.keys(forms) as Tag[]) forms[tag] = forms[tag].filter((name) => name !== type.by);
  return forms;
}
