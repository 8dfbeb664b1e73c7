import type { WaitingStepView } from '../commands/list-waiting-steps.ts';
import type { Paint, RenderOptions } from './render-options.ts';
import { renderTable } from './table.ts';
import { registryResultTitle, stepTitle } from './titles.ts';
import { formatAge, formatDateTime } from './time-format.ts';

/** Paints a registry result: a found record and an outage need the operator's attention. */
export function paintRegistryResult(paint: Paint, result: string | undefined): string {
  const title = registryResultTitle(result);
  if (result === 'RECORD_FOUND') return paint(['bold', 'red'], title);
  if (result === undefined || result === 'UNAVAILABLE') return paint('yellow', title);
  if (result === 'NO_RECORD') return paint('green', title);
  return title;
}

export function renderWaitingSteps(steps: WaitingStepView[], options: RenderOptions): string {
  if (steps.length === 0) return 'Нет ожидающих шагов.';
  const rows = steps.map((step) => [
    step.applicationId,
    step.escalated ? `${stepTitle(step.step)}\n${options.paint(['bold', 'red'], 'старшему оператору')}` : stepTitle(step.step),
    formatDateTime(step.waitingSince, options.timeZone),
    formatAge(step.waitingSince, options.now),
    paintRegistryResult(options.paint, step.registryResult),
  ]);
  const table = renderTable(['Заявление', 'Шаг', 'Ожидает с (МСК)', 'Сколько ждёт', 'Реестр судимостей'], rows);
  return `Ожидающих шагов: ${steps.length}\n${table}`;
}
