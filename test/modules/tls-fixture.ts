/** Self-signed certificates made with openssl, and local TLS servers that present them. */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after } from 'node:test';
import tls from 'node:tls';
import { promisify } from 'node:util';

const run = promisify(execFile);
const KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export interface Certificate {
  key: string;
  cert: string;
  certPath: string;
}

/**
 * A self-signed certificate for CN=localhost (also valid for 127.0.0.1) in `dir`:
 * valid from now for `days` days, or between two dates given as openssl's
 * YYYYMMDDHHMMSSZ (used for certificates that have already expired).
 */
export async function makeCertificate(dir: string, name: string, validity: { days: number } | { start: string; end: string }): Promise<Certificate> {
  const keyPath = join(dir, `${name}.key`);
  const certPath = join(dir, `${name}.pem`);
  const subject = ['-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'];
  if ('days' in validity) {
    await run('openssl', ['req', '-x509', ...KEY, '-keyout', keyPath, '-out', certPath, '-days', String(validity.days), ...subject]);
  } else {
    // `req -x509` cannot back-date; `ca -selfsign` takes explicit start and end dates.
    const ca = join(dir, `${name}-ca`);
    await mkdir(ca);
    await writeFile(join(ca, 'index.txt'), '');
    await writeFile(join(ca, 'serial'), '01\n');
    await writeFile(join(ca, 'ca.cnf'), `[ca]\ndefault_ca = d\n[d]\ndatabase = ${ca}/index.txt\nnew_certs_dir = ${ca}\nserial = ${ca}/serial\ndefault_md = sha256\npolicy = p\n[p]\ncommonName = supplied\n`);
    const csr = join(ca, 'request.csr');
    await run('openssl', ['req', '-new', ...KEY, '-keyout', keyPath, '-out', csr, '-subj', '/CN=localhost']);
    await run('openssl', ['ca', '-batch', '-config', join(ca, 'ca.cnf'), '-selfsign', '-keyfile', keyPath, '-in', csr, '-startdate', validity.start, '-enddate', validity.end, '-out', certPath]);
  }
  return { key: await readFile(keyPath, 'utf8'), cert: await readFile(certPath, 'utf8'), certPath };
}

/** A TLS server on 127.0.0.1 presenting `certificate` and greeting each client; closed after the test file. */
export async function tlsServer(certificate: Certificate, greeting = 'hello\n'): Promise<number> {
  const server = tls.createServer({ key: certificate.key, cert: certificate.cert }, (socket) => socket.end(greeting));
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}
