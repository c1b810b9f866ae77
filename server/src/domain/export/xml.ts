import XMLBuilder from 'fast-xml-builder';

/**
 * XML through fast-xml-builder, which escapes every text and attribute value (&, <, >, quotes):
 * no XML is ever put together by hand. Element order is the order of the object's keys.
 */
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', format: true, suppressEmptyNode: false });

/** An element tree: keys are element names ('@Ccy' an attribute, '#text' the text); arrays repeat an element. */
export type XmlTree = { [name: string]: XmlValue };
type XmlValue = string | XmlTree | XmlTree[] | string[] | undefined;

export function buildXml(tree: XmlTree): string {
  return `${builder.build(tree).trimEnd()}\n`;
}

// Characters XML 1.0 does not allow at all (C0 controls but tab, newline and carriage return; lone surrogates; U+FFFE/U+FFFF).
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- these are the characters to find
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Free text for a field of at most `max` characters: characters XML cannot carry become spaces,
 * runs of white space (newlines included) one space, cut at `max` characters (never inside a
 * surrogate pair). Empty text is undefined: the element is left out (the schemas want 1 character at least).
 */
export function text(value: string | null | undefined, max: number): string | undefined {
  if (value === null || value === undefined) return undefined;
  const clean = value.replace(NOT_XML, ' ').replace(/\s+/g, ' ').trim();
  if (!clean) return undefined;
  const chars = Array.from(clean);
  return chars.length <= max ? clean : chars.slice(0, max).join('').trimEnd();
}

/** Free text cut into pieces of at most `max` characters (CAMT's repeated Ustrd), at most `count` of them. */
export function textPieces(value: string | null | undefined, max: number, count: number): string[] {
  const clean = text(value, max * count);
  if (!clean) return [];
  const chars = Array.from(clean);
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += max) pieces.push(chars.slice(i, i + max).join(''));
  return pieces;
}
