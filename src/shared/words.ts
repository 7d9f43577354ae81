/**
 * Words shared by the analyses' sentences and the report: the letter a study's legs are numbered by, `(a)`, `(b)`,
 * …, so the headline and both renderers number them alike.
 *
 * Internal: not part of the public API.
 *
 * @module
 */

/** `a`, `b`, … `z`, `aa`, `ab`, …: the letter of the i-th leg (0-based). */
export function legLetter(i: number): string {
  return i < 26 ? String.fromCharCode(97 + i) : `${legLetter(Math.floor(i / 26) - 1)}${legLetter(i % 26)}`;
}
