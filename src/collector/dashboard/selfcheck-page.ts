/**
 * GET /selfcheck — the 自社診断 answers the devices suggest, item by item, to help the administrator fill in
 * the organisation's own sheet. It never adds them up: the sheet is the organisation's to answer, and most
 * of its 25 items (rules, training, contracts) no device can show.
 */
import { JISHA_ANSWER_LABEL } from '../../i18n/messages.ts';
import { DASHBOARD_MESSAGES as M, IPA_SELFCHECK_URL } from '../../i18n/dashboard-messages.ts';
import { JISHA_ANSWERS, JISHA_POINTS } from '../../report/vocabulary.ts';
import type { FleetSummary } from '../read-model.ts';
import { chartLegend, stackedBarChart } from './bar-chart.ts';
import { html, type Html } from './html.ts';
import { page, t, time, type View } from './layout.ts';

type Answer = keyof FleetSummary['jishaShindan'][number]['answers'];

const ANSWER_KIND: Record<Answer, string> = { implemented: 'meets', partly_implemented: 'partly', not_implemented: 'fails', unknown: 'unknown', none: 'nodata' };
const ANSWERS: readonly Answer[] = [...JISHA_ANSWERS, 'none'];

function answerLabel(a: Answer, view: View): string {
  if (a === 'none') return t(M.noSuggestion, view);
  const points = JISHA_POINTS[a];
  const shown = points < 0 ? `−${-points}` : String(points);
  return view.lang === 'ja' ? `${t(JISHA_ANSWER_LABEL[a], view)}（${shown}点）` : `${t(JISHA_ANSWER_LABEL[a], view)} (${shown})`;
}

export function renderSelfcheckPage(summary: FleetSummary, view: View): Html {
  const items = summary.jishaShindan;
  // Items no device suggests an answer for (most of the sheet) are in the table, not drawn as empty bars.
  const suggested = items.filter((i) => ANSWERS.some((a) => a !== 'none' && (i.answers[a] ?? 0) > 0));
  const legend = ANSWERS.map((a) => ({ kind: ANSWER_KIND[a], label: answerLabel(a, view) }));
  const body = html`<p>${t(M.selfcheckIntro, view)}</p>
<p class="notice strong">${t(M.selfcheckNoTotal, view)}</p>
<p>${t(M.selfcheckPoints, view)}</p>
<p class="meta">${t(M.profileSelect, view)}: <code>${summary.profile}</code> · ${t(M.generatedAt, view)}: ${time(summary.generatedAt, view)}</p>
${
  suggested.length === 0
    ? html`<p class="notice">${t(M.noSelfcheckData, view)}</p>`
    : html`${chartLegend(legend)}
${stackedBarChart({
  id: 'chart-selfcheck',
  label: t(M.chartLabel, view, { catalog: t(M.navSelfcheck, view) }),
  rows: suggested.map((i) => ({ label: `No.${i.item}`, title: t(i.title, view), segments: ANSWERS.map((a) => ({ kind: ANSWER_KIND[a], label: answerLabel(a, view), value: i.answers[a] ?? 0 })) })),
})}
<table class="numbers">
<thead><tr><th scope="col">${t(M.itemNo, view)}</th><th scope="col">${t(M.item, view)}</th>${ANSWERS.map((a) => html`<th scope="col" class="num">${answerLabel(a, view)}</th>`)}</tr></thead>
<tbody>
${items.map((i) => html`<tr><th scope="row" class="no">No.${i.item}</th><td>${t(i.title, view)}</td>${ANSWERS.map((a) => html`<td class="num">${i.answers[a] ?? 0}</td>`)}</tr>\n`)}
</tbody>
</table>`
}
<p>${t(M.selfcheckCli, view)}</p>
<p><a href="${IPA_SELFCHECK_URL}" rel="noreferrer">${t(M.officialSheet, view)}</a></p>`;
  return page(view, t(M.selfcheckTitle, view), body);
}
