/** A nominal type: a value of T that has passed a parser, so it cannot be mixed up with a plain T. */
export type Brand<T, Name extends string> = T & { readonly __brand: Name };
