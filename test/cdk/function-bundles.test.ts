import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesizeStage, type SynthesizedStage } from './synthesize.ts';
import { functionOf, logicalIdOf, STACK_FUNCTIONS } from './template-queries.ts';

let dev: SynthesizedStage;

beforeAll(() => {
  dev = synthesizeStage('dev', { bundle: true });
});

/** Returns the path of the bundle that esbuild wrote for a catalog entry. */
function bundleOf(specId: string): string {
  const spec = STACK_FUNCTIONS.find((candidate) => candidate.id === specId)!;
  const resource = dev.template.toJSON().Resources[logicalIdOf(functionOf(dev.stack, spec))];
  const assetHash = (resource.Properties.Code.S3Key as string).replace(/\.zip$/, '');
  return join(dev.app.outdir, `asset.${assetHash}`, 'index.mjs');
}

describe('function bundles', () => {
  it('are ESM modules that define require', () => {
    for (const spec of STACK_FUNCTIONS) {
      const bundle = readFileSync(bundleOf(spec.id), 'utf8');

      expect(bundle.startsWith("import { createRequire as createRequireForBundle } from 'node:module';"), spec.id).toBe(true);
      expect(bundle, spec.id).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
    }
  });

  it('ship a source map', () => {
    for (const spec of STACK_FUNCTIONS) {
      expect(existsSync(`${bundleOf(spec.id)}.map`), spec.id).toBe(true);
    }
  });

  it('ship the files that their catalog entry lists', () => {
    // Prepare
    const withFiles = STACK_FUNCTIONS.filter((spec) => (spec.bundledFiles ?? []).length > 0);

    // Assess
    expect(withFiles.map((spec) => spec.id)).toContain('GenerateContract');
    for (const spec of withFiles) {
      for (const file of spec.bundledFiles ?? []) {
        expect(existsSync(join(dirname(bundleOf(spec.id)), file.to)), `${spec.id}: ${file.to}`).toBe(true);
      }
    }
  });

  it('load on Node.js 24', () => {
    const bundles = STACK_FUNCTIONS.map((spec) => ({ id: spec.id, url: pathToFileURL(bundleOf(spec.id)).href }));
    // A plain Node process imports the bundles as Lambda does, without Vite's module transform.
    const script = `
      const results = {};
      for (const { id, url } of ${JSON.stringify(bundles)}) {
        try { results[id] = typeof (await import(url)).handler; } catch (error) { results[id] = String(error); }
      }
      console.log(JSON.stringify({ node: process.versions.node, results }));`;

    const output = execFileSync(process.execPath, ['--input-type=module', '--eval', script], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, AWS_REGION: 'eu-central-1' },
    });
    const { node, results } = JSON.parse(output.trim().split('\n').at(-1)!) as { node: string; results: Record<string, string> };

    expect(node.split('.')[0]).toBe('24');
    for (const spec of STACK_FUNCTIONS) {
      expect(results[spec.id], spec.id).toBe('function');
    }
  });
});
