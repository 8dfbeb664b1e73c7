import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { addKontraktStack } from '../../lib/kontrakt-app.ts';
import { findPlaceholderUrls, readStageConfig, STAGE_NAMES, StageConfigError, type StageContext } from '../../lib/stage-config.ts';
import { readCdkContext } from './synthesize.ts';

const EXTERNAL_PERSONAL_DATA = {
  location: 'external',
  region: 'ru-central1',
  dynamodbEndpoint: 'https://docapi.serverless.yandexcloud.net/ru-central1/b1g0000000/etn0000000',
  s3Endpoint: 'https://storage.yandexcloud.net',
  tableName: 'kontrakt-personal-data',
  bucketName: 'kontrakt-personal-data',
  credentialsSecretName: 'kontrakt/personal-data-store',
};

/** Returns cdk.json's context as `app.node` reads it, with `stage` set and the stages edited. */
function contextWith(stage: string | undefined, editStages?: (stages: Record<string, Record<string, unknown>>) => void): StageContext {
  const context = readCdkContext();
  editStages?.(context.stages);
  const values: Record<string, unknown> = { ...context, stage };
  return { tryGetContext: (key) => values[key] };
}

describe('readStageConfig', () => {
  it('reads every stage of cdk.json', () => {
    for (const name of STAGE_NAMES) {
      const config = readStageConfig(contextWith(name));

      expect(config.name).toBe(name);
      expect(config.personalData).toEqual({ location: 'aws' });
    }
  });

  it('defaults to the dev stage', () => {
    const config = readStageConfig(contextWith(undefined));

    expect(config.name).toBe('dev');
  });

  it('retains data in prod only', () => {
    const policies = STAGE_NAMES.map((name) => readStageConfig(contextWith(name)).removalPolicy);

    expect(policies).toEqual(['destroy', 'destroy', 'retain']);
  });

  it('rejects an unknown stage, listing valid ones', () => {
    const context = contextWith('qa');

    expect(() => readStageConfig(context)).toThrow('Unknown stage "qa": use -c stage=dev|staging|prod');
  });

  it('rejects a stage missing from cdk.json', () => {
    const context = contextWith('staging', (stages) => delete stages.staging);

    expect(() => readStageConfig(context)).toThrow('Stage "staging" is missing from the "stages" object');
  });

  it('names the invalid field', () => {
    const context = contextWith('dev', (stages) => {
      stages.dev!.jwt = { issuer: 'http://id.example.gov.ru/realms/kontrakt-dev', audience: ['kontrakt-dev'] };
    });

    expect(() => readStageConfig(context)).toThrow(/Invalid configuration of stage "dev"[\s\S]*jwt\.issuer/);
  });

  it('rejects an unknown field', () => {
    const context = contextWith('dev', (stages) => {
      stages.dev!.logRetention = 14;
    });

    expect(() => readStageConfig(context)).toThrow(/logRetention/);
  });

  it('rejects an unsupported log retention', () => {
    const context = contextWith('dev', (stages) => {
      stages.dev!.logRetentionDays = 15;
    });

    expect(() => readStageConfig(context)).toThrow(/CloudWatch Logs retention period[\s\S]*logRetentionDays/);
  });

  it('accepts an external personal-data store', () => {
    const context = contextWith('prod', (stages) => {
      stages.prod!.personalData = EXTERNAL_PERSONAL_DATA;
    });

    const config = readStageConfig(context);

    expect(config.personalData).toEqual({ ...EXTERNAL_PERSONAL_DATA, s3ForcePathStyle: true });
  });

  it('rejects an external store without endpoints', () => {
    const { dynamodbEndpoint: _dropped, ...incomplete } = EXTERNAL_PERSONAL_DATA;
    const context = contextWith('prod', (stages) => {
      stages.prod!.personalData = incomplete;
    });

    expect(() => readStageConfig(context)).toThrow(/personalData\.dynamodbEndpoint/);
  });
});

describe('findPlaceholderUrls', () => {
  it('lists the URLs on example hosts', () => {
    const config = readStageConfig(contextWith('prod'));

    const placeholders = findPlaceholderUrls(config);

    expect(placeholders).toContain('jwt.issuer');
    expect(placeholders).toContain('criminalRecordRegistryUrl');
    expect(placeholders).toContain('corsAllowedOrigins.0');
    expect(placeholders).toContain('notifications.portalBaseUrl');
  });

  it('returns nothing for real hosts', () => {
    const context = contextWith('prod', (stages) => {
      stages.prod!.jwt = { issuer: 'https://esia.gosuslugi.ru', audience: ['kontrakt'] };
      stages.prod!.corsAllowedOrigins = ['https://kontrakt.gosuslugi.ru'];
      stages.prod!.criminalRecordRegistryUrl = 'https://registry.mvd.ru/criminal-records';
      stages.prod!.notifications = {
        portalBaseUrl: 'https://kontrakt.gosuslugi.ru',
        sesIdentity: 'kontrakt.gosuslugi.ru',
        emailFromAddress: 'noreply@kontrakt.gosuslugi.ru',
        operatorsEmailAddress: 'operators@kontrakt.gosuslugi.ru',
      };
    });

    const placeholders = findPlaceholderUrls(readStageConfig(context));

    expect(placeholders).toEqual([]);
  });
});

describe('addKontraktStack', () => {
  it('throws for an unknown stage', () => {
    const app = new App({ context: { ...readCdkContext(), stage: 'production' } });

    expect(() => addKontraktStack(app)).toThrow(StageConfigError);
    expect(() => addKontraktStack(app)).toThrow('Unknown stage "production": use -c stage=dev|staging|prod');
  });
});
