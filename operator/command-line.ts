import { parseArgs } from 'node:util';
import { usageError } from './errors.ts';

export type ConsoleCommand =
  | { name: 'help' }
  | { name: 'list' }
  | { name: 'show'; applicationId: string }
  | { name: 'approve'; applicationId: string; operatorOption?: string }
  | { name: 'reject'; applicationId: string; operatorOption?: string; reasonText: string };

export interface CommandLine {
  command: ConsoleCommand;
  json: boolean;
}

/** Maximum length of a rejection reason, in characters: the note is a paragraph, not a document. */
export const MAX_REASON_LENGTH = 2000;

export const HELP_TEXT = `Консоль оператора Kontrakt: решения по заявлениям на службу по контракту.

Использование:
  npm run operator -- <команда> [параметры]

Команды:
  list                                 шаги, ожидающие решения оператора, от самых давних
  show <applicationId>                 статус, анкета, документы и журнал заявления
  approve <applicationId>              одобрить заявление
  reject <applicationId> --reason "…"  отклонить заявление и указать причину

Параметры:
  --operator <id>    идентификатор оператора для approve и reject;
                     без него берётся KONTRAKT_OPERATOR_ID
  --reason <текст>   причина отказа, до ${MAX_REASON_LENGTH} символов; текст хранится в хранилище
                     персональных данных, процесс проверки получает только его идентификатор
  --json             вывод в JSON для скриптов
  -h, --help         эта справка

Окружение:
  KONTRAKT_ENV_FILE  файл с переменными окружения; без него читается .kontrakt/local.env,
                     если он есть (его создаёт npm start)
  STATE_TABLE_NAME, PERSONAL_DATA_TABLE_NAME, PERSONAL_DATA_BUCKET_NAME, AWS_REGION и другие —
                     те же, что у функций Lambda; для работы с AWS экспортируйте их из выходных
                     значений стека
  NO_COLOR           непустое значение отключает цвет

Коды завершения: 0 — выполнено, 1 — команда не выполнена, 2 — ошибка в командной строке.`;

const COMMAND_NAMES = ['list', 'show', 'approve', 'reject'] as const;

function parseOptions(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        operator: { type: 'string' },
        reason: { type: 'string' },
      },
    });
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    // Node names the option in quotes, as in "Unknown option '--foo'".
    const option = /'([^']+)'/.exec(message ?? '')?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw usageError(`Неизвестный параметр ${option}. Справка: npm run operator -- --help`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw usageError('Параметру --operator или --reason не указано значение');
    throw error;
  }
}

function requireApplicationId(name: string, positionals: string[]): string {
  const [applicationId, ...extra] = positionals;
  if (applicationId === undefined || applicationId === '') throw usageError(`Укажите идентификатор заявления: ${name} <applicationId>`);
  if (extra.length > 0) throw usageError(`Лишние аргументы: ${extra.join(' ')}`);
  return applicationId;
}

function requireReasonText(reason: string | undefined): string {
  const text = reason?.trim() ?? '';
  if (text === '') throw usageError('Укажите причину отказа: reject <applicationId> --reason "<текст>"');
  if (text.length > MAX_REASON_LENGTH) throw usageError(`Причина отказа длиннее ${MAX_REASON_LENGTH} символов: ${text.length}`);
  return text;
}

/** Parses the console's arguments. A usage mistake throws an OperatorError with exit code 2. */
export function parseCommandLine(argv: string[]): CommandLine {
  const { values, positionals } = parseOptions(argv);
  const json = values.json;
  const [name, ...rest] = positionals;
  if (values.help || name === undefined || name === 'help') return { command: { name: 'help' }, json };
  if (!(COMMAND_NAMES as readonly string[]).includes(name)) {
    throw usageError(`Неизвестная команда «${name}». Команды: ${COMMAND_NAMES.join(', ')}`);
  }
  if (values.reason !== undefined && name !== 'reject') throw usageError('Параметр --reason нужен только команде reject');

  switch (name) {
    case 'list':
      if (rest.length > 0) throw usageError(`Лишние аргументы: ${rest.join(' ')}`);
      return { command: { name: 'list' }, json };
    case 'show':
      return { command: { name: 'show', applicationId: requireApplicationId(name, rest) }, json };
    case 'approve':
      return { command: { name: 'approve', applicationId: requireApplicationId(name, rest), operatorOption: values.operator }, json };
    default:
      return {
        command: {
          name: 'reject',
          applicationId: requireApplicationId(name, rest),
          operatorOption: values.operator,
          reasonText: requireReasonText(values.reason),
        },
        json,
      };
  }
}
