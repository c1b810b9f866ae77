import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';

export const CAMT_XSD = path.join(__dirname, '..', 'fixtures', 'camt.053.001.02.xsd');

function hasXmllint(): boolean {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * `it` for a test that needs Debian's xmllint (libxml2-utils): skipped, saying so, on a machine
 * without it, except where the tools are required (.ci/run installs it and sets
 * BANK_SYNC_E2E=required, as for Chromium).
 */
export function itWithXmllint(): jest.It {
  if (hasXmllint() || process.env.BANK_SYNC_E2E === 'required') return it;
  console.warn('xmllint not found: the CAMT.053 schema checks are skipped (apt-get install -y libxml2-utils)');
  return it.skip;
}

/**
 * xmllint's verdict on a CAMT.053 file against ISO 20022's XSD: { ok, output }. Without
 * xmllint (and where it is not required) the schema check is skipped, saying so: the other
 * assertions on the file still run.
 */
export function validateCamt053(xml: string): { ok: boolean; output: string } {
  if (!hasXmllint() && process.env.BANK_SYNC_E2E !== 'required') {
    console.warn('xmllint not found: CAMT.053 schema check skipped (apt-get install -y libxml2-utils)');
    return { ok: true, output: '' };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bks-camt-'));
  const file = path.join(dir, 'statement.xml');
  writeFileSync(file, xml);
  try {
    const output = execFileSync('xmllint', ['--noout', '--schema', CAMT_XSD, file], { encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, output };
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? e.message}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An XML file as objects; the elements named in `lists` always as arrays; text never turned into numbers. */
export function parseXml(xml: string, lists: string[] = []): Record<string, unknown> {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    parseAttributeValue: false,
    ignoreDeclaration: false,
    ignorePiTags: false,
    isArray: (name) => lists.includes(name),
  }).parse(xml, true) as Record<string, unknown>;
}

/** RFC 4180 CSV into rows of fields (quoted fields may hold commas, doubled quotes and line breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
