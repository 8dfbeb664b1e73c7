import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { BodyTooLargeError, close, listen, readBody } from '../http-server.ts';
import type { LocalFunction } from '../lambda/invoke-local.ts';
import { buildActions } from './actions.ts';
import { substituteDefinition } from './definition.ts';
import { ExecutionEngine, type ExecutionEngineOptions } from './executions.ts';
import { SfnServiceError } from './service-errors.ts';
import { createStatesTimeoutError } from './states-timeout-error.ts';
import { TaskTokenRegistry } from './task-tokens.ts';

/** Larger than any request Step Functions accepts: inputs and task outputs are at most 256 KiB. */
const MAX_REQUEST_BYTES = 1024 * 1024;
const TARGET_PREFIX = 'AWSStepFunctions.';
const ERROR_TYPE_PREFIX = 'com.amazonaws.swf.service.v2.model#';

export interface LocalStateMachineSpec {
  name: string;
  /** ASL file to read, or the definition text itself. */
  definitionPath?: string;
  definition?: string;
  /** Values for the definition's `${Name}` placeholders, as CDK's definitionSubstitutions. */
  substitutions?: Record<string, string>;
}

export interface LocalSfnOptions {
  port: number;
  host?: string;
  region: string;
  accountId: string;
  stateMachines: LocalStateMachineSpec[];
  /** The functions that Task states may invoke, found by function name or ARN. */
  functions: Iterable<LocalFunction>;
  waitTimeOverrides?: ExecutionEngineOptions['waitTimeOverrides'];
  retryIntervalOverrides?: ExecutionEngineOptions['retryIntervalOverrides'];
  logger?: Pick<Logger, 'info' | 'error'>;
}

export interface LocalSfn {
  endpoint: string;
  stateMachineArn(name: string): string;
  /** Counts running executions that are doing work, not waiting for a task token or a Wait state. */
  busyExecutions(): number;
  /** Aborts running executions and closes the server. */
  stop(): Promise<void>;
}

function loadDefinition(spec: LocalStateMachineSpec): StateMachineDefinition {
  const text = spec.definition ?? readFileSync(spec.definitionPath ?? '', 'utf8');
  return JSON.parse(substituteDefinition(text, spec.substitutions ?? {})) as StateMachineDefinition;
}

function send(response: ServerResponse, statusCode: number, body: unknown): void {
  response.writeHead(statusCode, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() });
  response.end(JSON.stringify(body));
}

function sendError(response: ServerResponse, code: string, message: string): void {
  send(response, 400, { __type: `${ERROR_TYPE_PREFIX}${code}`, message });
}

/**
 * Starts a Step Functions endpoint that speaks the AWS JSON 1.0 protocol of
 * @aws-sdk/client-sfn and runs the given state machines with aws-local-stepfunctions, invoking
 * Lambda tasks in this process.
 */
export async function startLocalSfn(options: LocalSfnOptions): Promise<LocalSfn> {
  // aws-local-stepfunctions 3 calls Promise.withResolvers, which Node.js has from version 22.
  if (typeof Promise.withResolvers !== 'function') {
    throw new Error(`The local Step Functions need Node.js 22 or newer, not ${process.version}: run them through npm or npx`);
  }
  const host = options.host ?? '127.0.0.1';
  const stateMachines = Object.fromEntries(options.stateMachines.map((spec) => [spec.name, loadDefinition(spec)]));
  const functions = new Map([...options.functions].map((fn) => [fn.functionName, fn]));
  const tokens = new TaskTokenRegistry();
  const engine = new ExecutionEngine({ ...options, stateMachines, functions, tokens });
  const actions = buildActions(engine, tokens);
  // Loads the library's timeout error once, so a heartbeat timeout does not wait for it.
  await createStatesTimeoutError();

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const action = target.startsWith(TARGET_PREFIX) ? actions[target.slice(TARGET_PREFIX.length)] : undefined;
    if (request.method !== 'POST' || action === undefined) {
      sendError(response, 'UnknownOperationException', `Unknown operation: '${target}'`);
      return;
    }
    let body: Record<string, unknown>;
    try {
      const text = (await readBody(request, MAX_REQUEST_BYTES)).toString('utf8');
      body = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
    } catch (error) {
      const message = error instanceof BodyTooLargeError ? error.message : 'Request body is not valid JSON';
      sendError(response, 'SerializationException', message);
      return;
    }
    try {
      send(response, 200, action(body));
    } catch (error) {
      if (!(error instanceof SfnServiceError)) throw error;
      sendError(response, error.code, error.message);
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.logger?.error('Step Functions request failed', { error: error as Error });
      if (!response.headersSent) send(response, 500, { __type: 'InternalFailure', message: 'Internal failure' });
    });
  });
  const port = await listen(server, options.port, host);

  return {
    endpoint: `http://${host}:${port}`,
    stateMachineArn: (name) => engine.stateMachineArn(name),
    busyExecutions: () => engine.busyExecutions(),
    stop: async () => {
      await engine.stopAll();
      tokens.endAll();
      await close(server);
    },
  };
}
