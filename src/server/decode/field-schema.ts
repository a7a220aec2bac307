/**
 * What the decoders need to know of a type to find unknown fields: which properties an
 * object has and what its list items are. Maps and free-form values accept any key.
 */
export interface FieldSchema {
  /** The schema of property name, or undefined when the object has no such field. */
  property(name: string): FieldSchema | undefined;
  /** The schema of list items (and of map values). */
  items(): FieldSchema;
}

/** Accepts anything: maps, RawExtension, and kinds whose schema is not known. */
export const anySchema: FieldSchema = {
  property: () => anySchema,
  items: () => anySchema,
};
