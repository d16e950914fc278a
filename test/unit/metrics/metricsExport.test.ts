import assert from 'node:assert/strict';
import { toCsv, toJsonReport } from '../../../src/core/metrics/metricsExport';
import { metricsRow } from '../../support/metricsRows';

const row = metricsRow;

/** The CSV's cells under `header`, one per data line (no field here holds a comma). */
function column(csv: string, header: string): string[] {
  const [head, ...lines] = csv.trimEnd().split('\r\n').map((l) => l.split(','));
  const at = head?.indexOf(header) ?? -1;
  assert.ok(at >= 0, `the CSV has a ${header} column`);
  return lines.map((l) => l[at] as string);
}

describe('metrics export: structured output', () => {
  const rows = [
    row({ modelId: 'fast', count: 30, success: 27, error: 3, successRate: 0.9, structured: 25, schemaFailed: 2, structuredSuccessRate: 0.92 }),
    row({ modelId: 'prose', count: 4, success: 4, successRate: 1 }),
  ];

  it('CSV has structured, schemaFailed and structuredSuccessRate columns; the rate is empty, never 0, without structured answers', () => {
    const csv = toCsv(rows);
    assert.deepEqual(column(csv, 'structured'), ['25', '0']);
    assert.deepEqual(column(csv, 'schemaFailed'), ['2', '0']);
    assert.deepEqual(column(csv, 'structuredSuccessRate'), ['0.92', '']);
  });

  it('JSON rows carry structured and schemaFailed, and the rate where there is one', () => {
    const report = JSON.parse(toJsonReport({ groupBy: ['model'] }, rows, 0)) as { rows: Record<string, unknown>[] };
    assert.deepEqual(
      report.rows.map((r) => [r['modelId'], r['structured'], r['schemaFailed'], r['structuredSuccessRate']]),
      [
        ['fast', 25, 2, 0.92],
        ['prose', 0, 0, undefined],
      ],
    );
  });
});
