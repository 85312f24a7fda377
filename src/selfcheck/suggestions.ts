/**
 * What the device evidence suggests for each 自社診断 item: the report's guideline roll-up (suggestedAnswer)
 * with the checks it rests on, so that the person sees why before taking it.
 */
import type { JishaAnswer } from '../report/vocabulary.ts';
import type { Report } from '../report/schema.ts';
import type { CheckStatus, SupportRole } from '../report/vocabulary.ts';

export interface DeviceSuggestion {
  readonly answer: JishaAnswer;
  readonly checks: readonly { readonly id: string; readonly title: Report['checks'][number]['title']; readonly status: CheckStatus; readonly role: SupportRole }[];
}

/** Item id → suggestion, for the items of `catalogId` the scan observed. */
export function suggestionsFrom(report: Report, catalogId: string): Map<string, DeviceSuggestion> {
  const byId = new Map(report.checks.map((c) => [c.id, c]));
  const out = new Map<string, DeviceSuggestion>();
  for (const g of report.guidelines) {
    if (g.catalog !== catalogId || !g.suggestedAnswer) continue;
    // Checks written for another OS say nothing about this device.
    const checks = g.checks.map(({ id, role }) => ({ check: byId.get(id)!, role })).filter(({ check }) => check.reasonCode !== 'platform');
    out.set(g.item, { answer: g.suggestedAnswer, checks: checks.map(({ check, role }) => ({ id: check.id, title: check.title, status: check.status, role })) });
  }
  return out;
}
