import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PortInUseError, readSettings } from '../../../local/config.ts';

describe('readSettings', () => {
  it('uses the documented defaults', () => {
    const settings = readSettings([], {});

    expect(settings.dataDir).toBe(resolve('.kontrakt'));
    expect(settings.ports).toEqual({
      api: 3000,
      stateDynamodb: 4567,
      personalDataDynamodb: 4568,
      s3: 4569,
      sns: 4571,
      sfn: 4572,
      registry: 4573,
      ses: 4574,
    });
    expect(settings.sweepIntervalMs).toBe(60_000);
  });

  it('prefers a flag over its environment variable', () => {
    const env = { KONTRAKT_API_PORT: '3100', KONTRAKT_SNS_PORT: '4600', KONTRAKT_DATA_DIR: '/tmp/from-env' };

    const settings = readSettings(['--api-port', '3200', '--data-dir', '/tmp/from-flag'], env);

    expect(settings.ports.api).toBe(3200);
    expect(settings.ports.sns).toBe(4600);
    expect(settings.dataDir).toBe('/tmp/from-flag');
  });

  it('rejects an invalid port with the setting that holds it', () => {
    expect(() => readSettings(['--sfn-port', '70000'], {})).toThrow('--sfn-port must be an integer from 0 to 65535, got "70000"');
    expect(() => readSettings([], { KONTRAKT_S3_PORT: 'x' })).toThrow('KONTRAKT_S3_PORT must be an integer from 0 to 65535, got "x"');
  });

  it('rejects an unknown flag', () => {
    expect(() => readSettings(['--port', '1'], {})).toThrow("Unknown option '--port'");
  });
});

describe('PortInUseError', () => {
  it('names the port, the server and both settings', () => {
    const error = new PortInUseError('personalDataDynamodb', 4568);

    expect(error.message).toBe(
      'Port 4568 (personal-data DynamoDB) is already in use; choose another with --personal-data-dynamodb-port or KONTRAKT_PERSONAL_DATA_DYNAMODB_PORT',
    );
  });
});
