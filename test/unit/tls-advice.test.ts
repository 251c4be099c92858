import { describe, expect, it } from 'vitest';
import { describeNetworkError, isTlsCode } from '../../src/http/network-error';
import { tlsConnectOptions, verifiesCertificate } from '../../src/http/tls';

const failed = (code: string, extra: object = {}) =>
  Object.assign(new Error('fetch failed'), { code: 'UND_ERR_CONNECT', cause: Object.assign(new Error(code), { code, ...extra }) });

describe('TLS errors tell the user what to do', () => {
  it.each([
    [
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'self-signed certificate at jf:8920 (DEPTH_ZERO_SELF_SIGNED_CERT): choose a TLS configuration with your CA in the node',
    ],
    [
      'SELF_SIGNED_CERT_IN_CHAIN',
      'self-signed CA in the certificate chain of jf:8920 (SELF_SIGNED_CERT_IN_CHAIN): choose a TLS configuration with your CA in the node',
    ],
    [
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'the certificate of jf:8920 is signed by a CA this machine does not know (UNABLE_TO_VERIFY_LEAF_SIGNATURE): choose a TLS configuration with your CA in the node',
    ],
    [
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      'the certificate of jf:8920 is signed by a CA this machine does not know (UNABLE_TO_GET_ISSUER_CERT_LOCALLY): choose a TLS configuration with your CA in the node',
    ],
    [
      'ERR_TLS_CERT_ALTNAME_INVALID',
      'the certificate of jf:8920 is made out to another name (ERR_TLS_CERT_ALTNAME_INVALID): use that name in the URL, or set it as the server name in the TLS configuration',
    ],
    ['CERT_HAS_EXPIRED', 'the certificate of jf:8920 has expired (CERT_HAS_EXPIRED): renew it on the server'],
    [
      'ERR_SSL_WRONG_VERSION_NUMBER',
      'jf:8920 does not answer https on that port (ERR_SSL_WRONG_VERSION_NUMBER): should the URL start with http://?',
    ],
    [
      'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
      'jf:8920 refused the connection without a client certificate it trusts (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED): add your certificate and key to the TLS configuration',
    ],
    ['ERR_OSSL_BAD_DECRYPT', "the TLS configuration's certificate, key or passphrase cannot be used (ERR_OSSL_BAD_DECRYPT)"],
  ])('%s', (code, message) => {
    expect(isTlsCode(code)).toBe(true);
    expect(describeNetworkError(failed(code), 'jf:8920', true)).toEqual({ code, message: `TLS: ${message}` });
  });

  it('a silent close of an https connection hints at a client certificate; of plain http it does not', () => {
    const closed = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET', socket: { bytesRead: 0 } });
    expect(describeNetworkError(closed, 'h', true).message).toBe(
      'TLS: h closed the connection without answering (UND_ERR_SOCKET): if it asks for a client certificate, add your certificate and key to the TLS configuration',
    );
    expect(describeNetworkError(closed, 'h', false).message).toBe('connection to h was closed before the answer arrived');
    const midAnswer = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET', socket: { bytesRead: 120 } });
    expect(describeNetworkError(midAnswer, 'h', true).message).toBe('connection to h was closed before the answer arrived');
  });

  it('network errors are not mistaken for TLS ones', () => {
    expect(['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'UND_ERR_CONNECT_TIMEOUT'].map(isTlsCode)).toEqual([false, false, false, false]);
  });
});

describe('TLS options', () => {
  it('only set fields reach the connect options, and verification stays on unless turned off', () => {
    expect(tlsConnectOptions(undefined)).toEqual({});
    expect(tlsConnectOptions({ ca: '', cert: '', key: '', servername: '', rejectUnauthorized: true })).toEqual({});
    expect(tlsConnectOptions({ ca: 'CA', passphrase: 'p', servername: 'jellyfin.home' })).toEqual({
      ca: 'CA',
      passphrase: 'p',
      servername: 'jellyfin.home',
    });
    expect(tlsConnectOptions({ rejectUnauthorized: false })).toEqual({ rejectUnauthorized: false });
    expect([
      verifiesCertificate(undefined),
      verifiesCertificate({}),
      verifiesCertificate({ rejectUnauthorized: true }),
      verifiesCertificate({ rejectUnauthorized: false }),
    ]).toEqual([true, true, true, false]);
  });
});
