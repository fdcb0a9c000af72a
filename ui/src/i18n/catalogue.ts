// The shape every catalogue must have: ja.ts's keys, with any string as the value.
export type Catalogue<T> = {
  [K in keyof T]: T[K] extends string ? string : Catalogue<T[K]>;
};

type Join<A extends string, B extends string> = `${A}.${B}`;

/** Every dotted key of a catalogue, e.g. `nav.dashboard`. */
export type KeyOf<T> = {
  [K in keyof T & string]: T[K] extends string ? K : Join<K, KeyOf<T[K]>>;
}[keyof T & string];
