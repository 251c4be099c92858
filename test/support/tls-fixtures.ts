// The test certificates of test/fixtures/tls (made by scripts/tls-fixtures.sh, valid for 100 years).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type FixtureName = 'ca' | 'server' | 'named' | 'client' | 'self-signed';

const folder = fileURLToPath(new URL('../fixtures/tls/', import.meta.url));

/** PEM text of a fixture's certificate (`pem`) or key (`key`). */
export function fixture(name: FixtureName, part: 'pem' | 'key'): string {
  return readFileSync(`${folder}${name}.${part}`, 'utf8');
}

/** The file path of a fixture, for a `tls-config` node that reads files. */
export function fixturePath(name: FixtureName, part: 'pem' | 'key'): string {
  return `${folder}${name}.${part}`;
}

/** Server options: this certificate and its key. */
export function serverTls(name: 'server' | 'named' | 'self-signed'): { cert: string; key: string } {
  return { cert: fixture(name, 'pem'), key: fixture(name, 'key') };
}
