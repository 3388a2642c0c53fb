/** The string-building operations that turn an untrusted value into (part of) a command, a query or code. */
export type StringBuilding = 'f-string' | '% formatting' | '.format()' | '+ concatenation' | 'str.join()';

/** What is known about a value that carries untrusted data. */
export interface Taint {
  /** Where the data came from, for messages: `parameter 'cmd'`, `input()`, `request.args`. */
  readonly origin: string;
  /** How it was built into a string, if it was: a sink reports only built strings. */
  readonly building: StringBuilding | undefined;
}

export function sourceTaint(origin: string): Taint {
  return { origin, building: undefined };
}

/** Either taint, preferring one that was already built into a string (it says more). */
export function mergeTaint(a: Taint | undefined, b: Taint | undefined): Taint | undefined {
  if (!a) return b;
  if (!b) return a;
  return a.building || !b.building ? a : b;
}

/** `taint` after a string-building operation; the first (innermost) operation is the one reported. */
export function builtBy(taint: Taint | undefined, building: StringBuilding): Taint | undefined {
  if (!taint) return undefined;
  return taint.building ? taint : { origin: taint.origin, building };
}

/** `taint` as an element of a container: the container is not itself a built string. */
export function unbuilt(taint: Taint | undefined): Taint | undefined {
  if (!taint || !taint.building) return taint;
  return { origin: taint.origin, building: undefined };
}
