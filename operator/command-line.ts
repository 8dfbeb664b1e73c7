import { parseArgs } from 'node:util';
import { DOCUMENT_TYPES } from '../functions/domain/document-catalogue.ts';
import { REVIEW_STEPS, type ReviewStep } from '../functions/domain/review-steps.ts';
import {
  FITNESS_CATEGORIES,
  PSYCHOLOGICAL_TESTING_RESULTS,
  type FitnessCategory,
  type PsychologicalTestingResult,
} from '../functions/workflow/review-codes.ts';
import { usageError } from './errors.ts';

export type ConsoleCommand =
  | { name: 'help' }
  | { name: 'list'; step?: ReviewStep; olderThanMs?: number }
  | { name: 'show'; applicationId: string }
  | { name: 'approve'; applicationId: string }
  | { name: 'reject'; applicationId: string; reasonText: string }
  | { name: 'request-documents'; applicationId: string; documentTypes: string[]; comment?: string }
  | { name: 'record-commission'; applicationId: string; category: FitnessCategory }
  | { name: 'record-testing'; applicationId: string; result: PsychologicalTestingResult };

export type CommandName = Exclude<ConsoleCommand['name'], 'help'>;

export interface CommandLine {
  command: ConsoleCommand;
  json: boolean;
  /** The operator's access token from `--token`; KONTRAKT_OPERATOR_TOKEN otherwise. */
  token?: string;
}

/** Maximum length of a rejection reason or a comment, in characters: a note is a paragraph, not a document. */
export const MAX_REASON_LENGTH = 2000;

const TESTING_RESULTS = Object.keys(PSYCHOLOGICAL_TESTING_RESULTS) as PsychologicalTestingResult[];

export const HELP_TEXT = `Консоль оператора Kontrakt: решения по заявлениям на службу по контракту.

Использование:
  npm run operator -- <команда> [параметры]

Команды:
  list [--step <шаг>] [--older-than <срок>]
                                       ожидающие шаги, от самых давних
  show <applicationId>                 статус, анкета, документы со ссылками, результат
                                       проверки по реестру и журнал заявления
  approve <applicationId>              одобрить на шаге проверки документов или итогового решения
  reject <applicationId> --reason "…"  отклонить и указать причину
  request-documents <applicationId> --types PASSPORT,MILITARY_ID [--comment "…"]
                                       запросить у заявителя документы; проверка продолжится
                                       с того же шага, когда заявитель их представит
  record-commission <applicationId> --category <${FITNESS_CATEGORIES.join('|')}>
                                       записать заключение военно-врачебной комиссии;
                                       категории Г и Д ведут к отказу
  record-testing <applicationId> --result <${TESTING_RESULTS.join('|')}>
                                       записать результат психологического отбора

Параметры:
  --token <JWT>      токен оператора; без него берётся KONTRAKT_OPERATOR_TOKEN. Нужна роль
                     operator, для шагов, переданных старшему оператору, — senior-operator
  --step <шаг>       только шаги одного вида: ${REVIEW_STEPS.join(', ')}
  --older-than <срок> только шаги, ожидающие дольше срока: 30m, 12h, 3d
  --reason <текст>   причина отказа, до ${MAX_REASON_LENGTH} символов; текст хранится в хранилище
                     персональных данных, процесс проверки получает только его идентификатор
  --types <типы>     типы документов через запятую
  --comment <текст>  пояснение к запросу документов, до ${MAX_REASON_LENGTH} символов
  --json             вывод в JSON для скриптов
  -h, --help         эта справка

Окружение:
  KONTRAKT_ENV_FILE  файл с переменными окружения; без него читается .kontrakt/local.env,
                     если он есть (его создаёт npm start)
  KONTRAKT_JWT_ISSUER, KONTRAKT_JWT_AUDIENCE, KONTRAKT_JWKS_URL — издатель токенов и его ключи
  STATE_TABLE_NAME, PERSONAL_DATA_TABLE_NAME, PERSONAL_DATA_BUCKET_NAME, AWS_REGION и другие —
                     те же, что у функций Lambda; для работы с AWS экспортируйте их из выходных
                     значений стека
  NO_COLOR           непустое значение отключает цвет

Коды завершения: 0 — выполнено, 1 — команда не выполнена, 2 — ошибка в командной строке.`;

const COMMAND_NAMES = ['list', 'show', 'approve', 'reject', 'request-documents', 'record-commission', 'record-testing'] as const;

/** Options each command accepts, besides --json, --help and --token. */
const COMMAND_OPTIONS: Record<CommandName, string[]> = {
  list: ['step', 'older-than'],
  show: [],
  approve: [],
  reject: ['reason'],
  'request-documents': ['types', 'comment'],
  'record-commission': ['category'],
  'record-testing': ['result'],
};

const STRING_OPTIONS = ['token', 'step', 'older-than', 'reason', 'types', 'comment', 'category', 'result'] as const;

function parseOptions(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        ...Object.fromEntries(STRING_OPTIONS.map((name) => [name, { type: 'string' as const }])),
      },
      tokens: true,
    });
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    // Node names the option in quotes, as in "Unknown option '--foo'".
    const option = /'([^']+)'/.exec(message ?? '')?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw usageError(`Неизвестный параметр ${option}. Справка: npm run operator -- --help`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw usageError(`Параметру ${option} не указано значение`);
    throw error;
  }
  // parseArgs keeps the last of repeated values; `--category Б --category Г` must not silently mean Г.
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name)) throw usageError(`Параметр --${token.name} указан несколько раз; укажите его один раз`);
    seen.add(token.name);
  }
  return parsed;
}

function requireApplicationId(name: string, positionals: string[]): string {
  const [applicationId, ...extra] = positionals;
  if (applicationId === undefined || applicationId === '') throw usageError(`Укажите идентификатор заявления: ${name} <applicationId>`);
  if (extra.length > 0) throw usageError(`Лишние аргументы: ${extra.join(' ')}`);
  return applicationId;
}

function requireText(value: string | undefined, option: string, usage: string): string {
  const text = value?.trim() ?? '';
  if (text === '') throw usageError(`Укажите ${option}: ${usage}`);
  if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(text)) throw usageError(`Текст (${option}) содержит управляющие символы; уберите их`);
  if (!/[\p{L}\p{N}]/u.test(text)) throw usageError(`Текст (${option}) должен содержать буквы или цифры`);
  if (text.length > MAX_REASON_LENGTH) throw usageError(`Слишком длинный текст (${option}): ${text.length} символов, допустимо ${MAX_REASON_LENGTH}`);
  return text;
}

const DURATION = /^(\d{1,6})(m|h|d)$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses `30m`, `12h` or `3d` into milliseconds. */
export function parseDuration(value: string): number {
  const match = DURATION.exec(value.trim());
  if (match === null) throw usageError(`Неверный срок «${value}» в --older-than: укажите число и единицу m, h или d, например 3d`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

function parseStep(value: string | undefined): ReviewStep | undefined {
  if (value === undefined) return undefined;
  if (!(REVIEW_STEPS as readonly string[]).includes(value)) throw usageError(`Неизвестный шаг «${value}» в --step; допустимые: ${REVIEW_STEPS.join(', ')}`);
  return value as ReviewStep;
}

function parseDocumentTypes(value: string | undefined): string[] {
  const types = [...new Set((value ?? '').split(',').map((type) => type.trim()).filter((type) => type !== ''))];
  if (types.length === 0) throw usageError('Укажите типы документов: request-documents <applicationId> --types PASSPORT,MILITARY_ID');
  const unknown = types.filter((type) => !DOCUMENT_TYPES.includes(type));
  if (unknown.length > 0) throw usageError(`Неизвестные типы документов: ${unknown.join(', ')}; допустимые: ${DOCUMENT_TYPES.join(', ')}`);
  return types;
}

function parseChoice<Value extends string>(value: string | undefined, allowed: readonly Value[], usage: string): Value {
  if (value === undefined || !(allowed as readonly string[]).includes(value)) {
    // Latin A, B, C… look like the Cyrillic categories А, В, С, so the message names the alphabet that was typed.
    const latin = value !== undefined && /[A-Za-z]/.test(value) && allowed.some((choice) => /[А-Яа-яЁё]/.test(choice));
    const hint = latin ? ' (введены латинские буквы; категории пишутся русскими буквами)' : '';
    throw usageError(`${value === undefined ? 'Не указано значение' : `Недопустимое значение «${value}»${hint}`}: ${usage}; допустимые: ${allowed.join(', ')}`);
  }
  return value as Value;
}

function assertOptionsFit(name: CommandName, values: Record<string, unknown>): void {
  const misplaced = STRING_OPTIONS.filter((option) => option !== 'token' && values[option] !== undefined && !COMMAND_OPTIONS[name].includes(option));
  if (misplaced.length > 0) throw usageError(`Команда ${name} не принимает параметр --${misplaced[0]}`);
}

/** Parses the console's arguments. A usage mistake throws an OperatorError with exit code 2. */
export function parseCommandLine(argv: string[]): CommandLine {
  const parsed = parseOptions(argv);
  const positionals = parsed.positionals;
  const values = parsed.values as Record<string, unknown>;
  const json = values.json as boolean;
  const token = values.token as string | undefined;
  const [name, ...rest] = positionals;
  if (values.help === true || name === undefined || name === 'help') return { command: { name: 'help' }, json };
  if (!(COMMAND_NAMES as readonly string[]).includes(name)) {
    throw usageError(`Неизвестная команда «${name}». Команды: ${COMMAND_NAMES.join(', ')}`);
  }
  const commandName = name as CommandName;
  assertOptionsFit(commandName, values);
  const option = (key: (typeof STRING_OPTIONS)[number]) => values[key] as string | undefined;

  switch (commandName) {
    case 'list': {
      if (rest.length > 0) throw usageError(`Лишние аргументы: ${rest.join(' ')}`);
      const olderThan = option('older-than');
      return { command: { name: 'list', step: parseStep(option('step')), olderThanMs: olderThan === undefined ? undefined : parseDuration(olderThan) }, json, token };
    }
    case 'show':
    case 'approve':
      return { command: { name: commandName, applicationId: requireApplicationId(name, rest) }, json, token };
    case 'reject':
      return {
        command: { name: 'reject', applicationId: requireApplicationId(name, rest), reasonText: requireText(option('reason'), 'причину отказа', 'reject <applicationId> --reason "<текст>"') },
        json,
        token,
      };
    case 'request-documents': {
      const comment = option('comment');
      return {
        command: {
          name: 'request-documents',
          applicationId: requireApplicationId(name, rest),
          documentTypes: parseDocumentTypes(option('types')),
          comment: comment === undefined ? undefined : requireText(comment, 'комментарий', '--comment "<текст>"'),
        },
        json,
        token,
      };
    }
    case 'record-commission':
      return {
        command: { name: 'record-commission', applicationId: requireApplicationId(name, rest), category: parseChoice(option('category'), FITNESS_CATEGORIES, '--category') },
        json,
        token,
      };
    case 'record-testing':
      return {
        command: { name: 'record-testing', applicationId: requireApplicationId(name, rest), result: parseChoice(option('result'), TESTING_RESULTS, '--result') },
        json,
        token,
      };
  }
}
