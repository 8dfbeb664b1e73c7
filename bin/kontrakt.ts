import { App } from 'aws-cdk-lib';
import { addKontraktStack } from '../lib/kontrakt-app.ts';
import { StageConfigError } from '../lib/stage-config.ts';

const app = new App();
try {
  addKontraktStack(app);
} catch (error) {
  // A configuration mistake needs its message, not a stack trace.
  if (!(error instanceof StageConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
app.synth();
