// Builds the decision brief as a document that follows a leader's questions in order, each
// opened by a one-line answer, with the evidence below in plain words and checkable numbers.

import { moneyWithheld } from './money-withheld.js';
import { sampleLines, sampledCoverageReason } from './stage-samples.js';
import type { CandidateScore } from '../evaluate/assessment.js';
import { metricInfo } from '../evaluate/task-metrics.js';
import type { ThresholdPoint } from '../evaluate/value/profit-curve.js';
import { regressionAnswer, regressionBoundaryText } from './regression-framing.js';
import { describePolicy } from '../registry/decision-package.js';
import { buildAnomalyBriefDocument } from './anomaly-brief-document.js';
import { policyOfBrief } from './brief-decision.js';
import { multilabelBlocks } from './multilabel-brief.js';
import { classDecisionBlocks } from './class-decision-blocks.js';
import type { Block, BriefDocument, ChartSpec, Tone } from './document.js';
import type { Brief } from './brief-data.js';
import { clusterBlocks } from './cluster-blocks.js';
import { mainMetricBlocks } from './main-metric-blocks.js';
import { Glossary } from './glossary.js';
import { candidateLabel, intervalCell, missingIntervals } from './interval-cell.js';
import { money, num, pct, plural } from './format.js';
import { verdictSettleLine } from './settle-words.js';

export function buildBriefDocument(brief: Brief): BriefDocument {
  // Anomaly detection answers the same questions without a metric against truth when unlabelled.
  if (brief.assessment.anomaly) return buildAnomalyBriefDocument(brief);
  const a = brief.assessment;
  const blocks: Block[] = [];
  const glossary = new Glossary();
  const main = a.evaluation.mainMetric;
  const mainLabel = metricInfo(main).label;
  const verdictTone: Tone = a.verdict.verdict === 'use-ml' ? 'good' : a.verdict.verdict === 'fix-data-first' ? 'bad' : 'warn';

  blocks.push({ kind: 'callout', tone: verdictTone, text: `Verdict: ${a.verdict.verdict}. ${a.verdict.headline}` });
  blocks.push({ kind: 'paragraph', text: a.verdict.reason });
  const settle = verdictSettleLine(a.verdict, a.data.labelledRows);
  if (settle !== null) blocks.push({ kind: 'callout', tone: 'warn', text: settle });
  const net = brief.business?.roi.netGainPerMonth ?? null;
  if (net !== null && a.verdict.verdict === 'use-ml') {
    blocks.push(
      net > 0
        ? { kind: 'callout', tone: 'good', text: `In money: the model adds ${money(net, brief.business!.currency)} a month over ${brief.business!.bar.name}, after running costs.` }
        : { kind: 'callout', tone: 'warn', text: `But in money the model does not pay: at the card's figures, after running costs, it is worth ${money(-net, brief.business!.currency)} a month less than ${brief.business!.bar.name}. The better ranking does not turn into better decisions here; keep the rule unless the figures change.` },
    );
  }
  // Under a rule-suffices or no-signal verdict the model is still trained and described, as the one to use if one is built anyway.
  if (brief.choice) blocks.push({ kind: 'paragraph', text: `${a.verdict.verdict === 'use-ml' ? 'Model put forward' : 'If a model is built anyway, the one to use'}: ${brief.choice.reason}` });
  blocks.push(...glossary.explain(main));
  blocks.push(...mainMetricBlocks(a));

  // 1. Goal and kind of solution.
  blocks.push({ kind: 'heading', level: 2, text: 'What is the product goal, and what kind of solution fits?', id: 'goal' });
  blocks.push({ kind: 'answer', tone: 'neutral', text: `${brief.goal == null ? 'The card names no product goal yet: write it in one sentence (goal:).' : asSentence(brief.goal)} This is a ${taskWords(a.framing.task)} problem: the model outputs ${a.framing.output}.` });
  blocks.push({ kind: 'paragraph', text: `Why ${a.framing.task}: ${a.framing.reason}. The data has ${num(a.data.labelledRows)} ${labelledWord(a.framing.task)}${plural(a.data.labelledRows, 'row')} and ${a.framing.features.length} input ${plural(a.framing.features.length, 'column')} (features).${a.framing.targetNote ? ` Note on the label: ${a.framing.targetNote}` : ''}` });
  if (a.framing.classes) {
    blocks.push({ kind: 'table', headers: ['class', 'rows', 'share'], align: ['left', 'right', 'right'], rows: a.framing.classes.map((c) => [c.label, num(c.count), pct(c.share)]), caption: 'How often each outcome occurs' });
  }
  if (a.framing.leftOut.length > 0) blocks.push({ kind: 'list', items: a.framing.leftOut.map((l) => `Not used as an input: ${l.name} (${l.reason}).`) });

  // 2. The non-ML bar.
  const bestBar = a.baselines.find((b) => b.id === a.lift.bestBaseline) ?? a.baselines[0]!;
  blocks.push({ kind: 'heading', level: 2, text: 'Can a non-ML approach set the bar, and what is it?', id: 'bar' });
  const valueBar = a.verdict.value?.bar ?? null;
  const metricBar = `${bestBar.name}${bestBar.description ? ` ("${bestBar.description}")` : ''}, scoring ${mainLabel} ${score(bestBar, main)}`;
  blocks.push({
    kind: 'answer',
    tone: a.verdict.verdict === 'rule-suffices' ? 'good' : 'neutral',
    text: valueBar
      ? `Yes: in money the most valuable non-ML approach is ${valueBar.name}${valueBar.description && valueBar.kind !== 'nothing' ? ` ("${valueBar.description}")` : ''}, worth ${money(valueBar.perDecision, a.verdict.value!.currency)} per decision${valueBar.id === bestBar.id ? `, and it is also the best by ${mainLabel} (${score(bestBar, main)})` : `; by ${mainLabel} the best is ${metricBar}`}.`
      : `Yes: the best non-ML approach is ${metricBar}.`,
  });
  if (a.framing.task === 'clustering') blocks.push({ kind: 'paragraph', text: `Without labels there are no folds: k-means and each feature's best split into as many groups were scored once on all rows, by the silhouette on the same sample of rows in the same scaled space${a.leaderboard[0]?.metrics['ami'] ? ', and by their agreement with the reference column (adjusted mutual information)' : ''}.` });
  else blocks.push({ kind: 'paragraph', text: `Every candidate was scored the same way: ${a.evaluation.folds} rounds of cross-validation (${foldWords(a.evaluation.foldKind)}), so each one is always judged on rows it did not learn from. Ranges are 95% intervals across the rounds.` });
  // Large data: the stages that ran on a sample say so, with its size.
  const samples = sampleLines(a);
  if (samples.length > 0) blocks.push({ kind: 'paragraph', text: samples.join(' ') });
  blocks.push(...glossary.explain('cross-validation'));
  blocks.push(scoreTable([...a.baselines, ...a.leaderboard], main, mainLabel, a.evaluation.folds));
  const noInterval = missingIntervals([...a.baselines, ...a.leaderboard], main);
  blocks.push({ kind: 'chart', caption: `${mainLabel} of each candidate, with its 95% interval${noInterval === null ? '' : ` where it has one (${noInterval.replace(/\.$/, '')})`}`, chart: { kind: 'leaderboard', id: 'leaderboard', metric: mainLabel, rows: [...a.baselines, ...a.leaderboard].map((c) => ({ name: c.name, group: c.kind === 'model' ? 'model' : 'non-ML bar', mean: c.metrics[main]!.mean, low: c.metrics[main]!.low, high: c.metrics[main]!.high })) } });
  const lift = a.lift.overBestBaseline ?? a.lift.overPrior;
  if (lift) blocks.push({ kind: 'paragraph', text: `The model put forward, ${a.leaderboard.find((e) => e.id === a.lift.bestModel)?.name ?? a.lift.bestModel}, beats ${a.lift.overBestBaseline ? `${bestBar.name}, the best non-ML approach by ${mainLabel},` : 'the simplest guess'} by ${lift.value.toFixed(3)} in ${mainLabel} (${(100 * lift.level).toFixed(1)}% interval ${lift.low.toFixed(3)} to ${lift.high.toFixed(3)}, widened because ${a.leaderboard.reduce((s, m) => s + (m.configsTried ?? 1), 0) + a.baselines.length - 1} candidates were compared). A lift of at least ${a.verdict.minimumLift} is taken to matter.` });

  // 3. The data.
  const fails = a.readiness.filter((c) => c.status === 'fail');
  const warns = a.readiness.filter((c) => c.status === 'warn');
  blocks.push({ kind: 'heading', level: 2, text: 'Do we have the right data?', id: 'data' });
  blocks.push({
    kind: 'answer',
    tone: fails.length > 0 ? 'bad' : warns.length > 0 ? 'warn' : 'good',
    text: fails.length > 0 ? `Not yet: ${fails.map((c) => c.title.toLowerCase()).join(', ')} must be fixed first.` : warns.length > 0 ? `Mostly: ${a.readiness.length - warns.length} of ${a.readiness.length} checks pass; look at ${warns.map((c) => c.title.toLowerCase()).join(', ')}.` : `Yes: all ${a.readiness.length} checks pass.`,
  });
  blocks.push({ kind: 'table', headers: ['check', 'result', 'finding'], rows: a.readiness.map((c) => [c.title, c.status === 'pass' ? 'pass' : c.status === 'warn' ? 'look at this' : 'FAIL', c.message]) });
  for (const leak of a.leakSuspects.filter((s) => s.kind !== 'unavailable-at-prediction')) blocks.push({ kind: 'callout', tone: leak.severity === 'fail' ? 'bad' : 'warn', text: leak.message });
  blocks.push({ kind: 'paragraph', text: `How much each input predicts on its own (the score of the best simple rule on that input alone${brief.explanations?.shap ? ', beside how much the chosen model leans on it' : ''}):` });
  blocks.push(...glossary.explain('feature'));
  const shap = new Map(brief.explanations?.shap?.meanAbs.map((m) => [m.feature, m.value]) ?? []);
  // Each input alone is scored in its own metric (ROC AUC even where PR AUC heads the brief).
  const powerLabel = metricInfo(a.featurePower[0]?.singleFeatureScore.metric ?? main).label;
  blocks.push({
    kind: 'table',
    headers: ['input', 'power alone', `${powerLabel} alone`, 'rule found', ...(shap.size > 0 ? ['mean |SHAP|'] : [])],
    align: ['left', 'left', 'right', 'left', 'right'],
    rows: a.featurePower.map((f) => [f.feature, f.verdict, f.singleFeatureScore.mean.toFixed(3), f.rule, ...(shap.size > 0 ? [shap.has(f.feature) ? shap.get(f.feature)!.toFixed(3) : '–'] : [])]),
  });
  blocks.push({ kind: 'chart', caption: `${powerLabel} of each input on its own`, chart: { kind: 'feature-power', id: 'feature-power', metric: powerLabel, rows: a.featurePower.map((f) => ({ feature: f.feature, score: f.singleFeatureScore.mean, ...(shap.has(f.feature) ? { meanAbsShap: shap.get(f.feature)! } : {}), leakSuspect: a.leakSuspects.some((s) => s.feature === f.feature) })) } });
  if (a.learningCurve && a.learningCurve.points.length > 0) {
    // The curve is drawn for the model with the best metric; when money chose another, it says whose it is.
    const curveModel = brief.choice && brief.choice.model !== a.lift.bestModel ? (a.leaderboard.find((e) => e.id === a.lift.bestModel)?.name ?? null) : null;
    blocks.push({ kind: 'paragraph', text: `Would more data help${curveModel ? ` ${curveModel}, the model with the best ${mainLabel}` : ''}? ${a.learningCurve.moreDataLikelyHelps === null ? 'Unknown.' : a.learningCurve.moreDataLikelyHelps ? 'Probably' : 'Probably not much'}: ${a.learningCurve.reason}.` });
    blocks.push({ kind: 'chart', caption: `${mainLabel} of ${curveModel ? curveModel : 'the chosen model'} as it learns from more rows`, chart: { kind: 'learning-curve', id: 'learning-curve', metric: mainLabel, points: a.learningCurve.points.map((p) => ({ trainingRows: p.trainingRows, score: p.score })) } });
  }

  // 4. Framing: output and thresholds.
  const bc = brief.business;
  blocks.push({ kind: 'heading', level: 2, text: 'How should the problem be framed: output and thresholds?', id: 'framing' });
  const decision = bc ? describePolicy(policyOfBrief(bc.policy)) : null;
  if (bc?.thresholds) {
    const t = bc.thresholds;
    const best = t.best;
    const op = t.operating;
    const why =
      t.source === 'brief-best-value'
        ? 'that threshold gives the most value'
        : t.source === 'brief-best-f1'
          ? `neither the card nor business figures choose a threshold, and ${rareOrSilent(brief)}: the brief takes the threshold with the best F1 (the balance of precision and recall) on rows the model did not learn from`
          : t.source === 'card-static'
          ? `the card fixes it (static)${best.valuePerDecision > op.valuePerDecision ? `, although ${threshold(best)} would be worth ${money(best.valuePerDecision - op.valuePerDecision, bc.currency)} more per decision` : ''}`
          : t.source === 'card'
            ? "the card sets it, and gives no business outcomes to choose one by value"
            : 'the most likely class decides, as neither the card nor its figures choose a threshold (give business.outcomes to choose it by value)';
    blocks.push({ kind: 'answer', tone: 'neutral', text: `Act when the model's probability of '${t.positiveClass}' is at least ${threshold(op)}: ${why}${bc.currency ? ` (${money(op.valuePerDecision, bc.currency)} per decision)` : ''}. ${t.consequence}` });
    blocks.push({ kind: 'paragraph', text: `Decision: ${decision}. The confusion matrix, the promise and every later stage (serving, monitoring, retraining) use this threshold.` });
    blocks.push(...glossary.explain('threshold'), ...glossary.explain('precision'), ...glossary.explain('recall'));
    const row = (label: string, p: ThresholdPoint): string[] => [label, threshold(p), pct(p.precision), pct(p.recall), `${p.truePositives} / ${p.falsePositives} / ${p.falseNegatives} / ${p.trueNegatives}`, money(p.valuePerDecision, bc.currency)];
    const rowsT: string[][] = [row(`the decision (${sourceWords(t.source)})`, op)];
    if (best.threshold !== op.threshold) rowsT.push(row('best for value', best));
    if (t.fixed && t.fixed.threshold !== op.threshold) rowsT.push(row('set in the card', t.fixed));
    blocks.push({ kind: 'table', headers: ['', 'threshold', 'precision', 'recall', 'hits / false alarms / misses / correct all-clears', 'value per decision'], align: ['left', 'right', 'right', 'right', 'right', 'right'], rows: rowsT, caption: `Measured on ${num(bc.rows)} rows the model did not learn from` });
    if (t.leftOnTable && t.fixed) blocks.push({ kind: 'paragraph', text: `The card's threshold of ${t.fixed.threshold} leaves ${money(t.leftOnTable.perDecision, bc.currency)} per decision on the table${t.leftOnTable.perMonth !== null ? ` (${money(t.leftOnTable.perMonth, bc.currency)} a month)` : ''} compared with the best one.` });
    blocks.push({ kind: 'chart', caption: 'Value per decision at every threshold', chart: { kind: 'profit-curve', id: 'profit-curve', currency: bc.currency, yLabel: 'value per decision', points: t.curve.map((p) => ({ threshold: p.threshold, value: p.valuePerDecision })), best: { threshold: best.threshold, value: best.valuePerDecision }, ...(t.fixed ? { fixed: { threshold: t.fixed.threshold, value: t.fixed.valuePerDecision } } : {}) } });
  } else if (bc?.errors) {
    const e = bc.errors;
    const priced = !bc.assumptions.some((x) => x.field === 'business.costPerUnitError');
    blocks.push({ kind: 'answer', tone: 'neutral', text: regressionAnswer(e, priced, bc.currency, bc.bar.name) });
    if (decision) blocks.push({ kind: 'paragraph', text: `Decision: ${decision}.` });
    blocks.push({ kind: 'paragraph', text: regressionBoundaryText(e) });
  } else if (brief.labels) {
    blocks.push(...multilabelBlocks(brief), { kind: 'paragraph', text: `Decision: ${describePolicy(policyOfBrief(brief.labels.policy))}.` });
  } else {
    if (a.framing.task === 'multiclass') blocks.push(...classDecisionBlocks({ output: a.framing.output, classes: brief.confusion?.classes ?? a.framing.classes?.map((c) => c.label) ?? [], policy: bc?.policy ?? null, currency: bc?.currency ?? '', valued: bc?.model.perDecision != null }));
    else blocks.push({ kind: 'answer', tone: 'neutral', text: `The model outputs ${a.framing.output}.` });
    if (decision) blocks.push({ kind: 'paragraph', text: `Decision: ${decision}.` });
  }
  blocks.push(...clusterBlocks(brief));
  const confusion = brief.assessment.framing.classes && bestConfusion(brief);
  if (confusion) blocks.push({ kind: 'chart', caption: `Actual against predicted class for the chosen model${decision ? `, deciding at ${decision}` : ''}: ${confusionCoverage(brief)}`, chart: confusion });

  // 5. Success metric versus model metric.
  blocks.push({ kind: 'heading', level: 2, text: 'Success metric versus model metric', id: 'metrics' });
  blocks.push({ kind: 'answer', tone: bc?.successMetric ? 'neutral' : 'warn', text: bc?.successMetric ? `The business measures success by ${bc.successMetric}; the model is judged by ${bc.modelMetric ?? mainLabel}, which stands in for it.` : `No business success metric is named yet: say what the business will measure (business.successMetric), apart from ${mainLabel}.` });
  blocks.push({ kind: 'paragraph', text: `${mainLabel}, ${metricInfo(main).explain}, tells how good the model is at its task, not whether the business outcome moves. Keep the two apart: if ${mainLabel} improves but ${bc?.successMetric ?? 'the business metric'} does not, more model work will not pay; if the business metric improves even with a modest ${mainLabel}, improving the model is likely to pay.` });

  // 6. Is it worth it?
  blocks.push({ kind: 'heading', level: 2, text: 'Is it worth it?', id: 'roi' });
  blocks.push(...worthBlocks(brief));

  // 7. What drives the predictions?
  blocks.push({ kind: 'heading', level: 2, text: 'What drives the predictions?', id: 'drivers' });
  blocks.push(...driverBlocks(brief, glossary));

  // 8. Monitoring and retraining.
  blocks.push({ kind: 'heading', level: 2, text: 'What will we monitor, and when do we retrain?', id: 'monitor' });
  blocks.push(...watchBlocks(brief));

  return {
    title: `${brief.name}: is ML the right tool?`,
    subtitle: `Decision brief by framewise, ${brief.createdAt.slice(0, 10)} · ${a.source.file.split('/').pop()} · ${num(a.data.labelledRows)} ${labelledWord(a.framing.task)}rows`,
    blocks,
  };
}

/** A threshold as a reader sees it: the short decimal the curve chose, or "never" for flagging nothing. */
function threshold(p: ThresholdPoint): string {
  return Number.isFinite(p.threshold) ? String(Number(p.threshold.toPrecision(4))) : 'never (flag nothing)';
}

/** Why 0.5 would not do: the positive class is rare (PR AUC heads the brief), or at 0.5 the model flags no row. */
function rareOrSilent(brief: Brief): string {
  const a = brief.assessment;
  return a.evaluation.mainMetric === 'pr_auc' ? `'${brief.business?.thresholds?.positiveClass ?? 'yes'}' is too rare for 0.5, which would flag almost no row` : 'at 0.5 the model would flag no row';
}

function sourceWords(source: string): string {
  return source === 'brief-best-value' ? 'most value' : source === 'brief-best-f1' ? 'best F1' : source === 'card-static' ? "the card's static threshold" : source === 'card' ? "the card's threshold" : 'the default';
}

function taskWords(task: string): string {
  return task === 'binary' ? 'yes/no (binary classification)' : task === 'multiclass' ? 'pick-one-of-several (multiclass classification)' : task === 'regression' ? 'predict-a-number (regression)' : task;
}

function foldWords(kind: string): string {
  return kind === 'time-ordered' ? 'each round trains on earlier rows and tests on later ones' : kind === 'stratified' ? 'each round keeps every class in proportion' : 'rows dealt at random';
}

function score(c: CandidateScore, metric: string): string {
  return c.metrics[metric]!.mean.toFixed(3);
}

function scoreTable(candidates: readonly CandidateScore[], main: string, label: string, folds: number): Block {
  const none = missingIntervals(candidates, main);
  return {
    kind: 'table',
    ...(none === null ? {} : { caption: `Intervals are 95% across the folds. ${none}` }),
    headers: ['candidate', 'kind', label, '95% interval', 'seconds to learn', 'seconds to predict'],
    align: ['left', 'left', 'right', 'right', 'right', 'right'],
    rows: candidates.map((c) => {
      const m = c.metrics[main]!;
      return [candidateLabel(c, folds), c.kind === 'model' ? 'model' : 'non-ML', m.mean.toFixed(3), intervalCell(c, main, folds), (c.fitSeconds ?? c.fitPredictSeconds).toFixed(2), c.predictSeconds == null ? '–' : c.predictSeconds.toFixed(3)];
    }),
  };
}

/** Which rows the confusion matrix counts: all labelled rows, or the fewer its model's folds predicted (said, with why). */
function confusionCoverage(brief: Brief): string {
  const counted = brief.confusion === null ? 0 : brief.confusion.counts.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0);
  const labelled = brief.assessment.data.labelledRows;
  if (counted >= labelled) return `all ${num(labelled)} labelled rows, each predicted by a model that did not learn from it`;
  const why = sampledCoverageReason(brief.assessment, counted) ?? 'the model ran on fewer folds than the others, or some rows could not be scored';
  return `${num(counted)} of the ${num(labelled)} labelled rows, each predicted by a model that did not learn from it (${why})`;
}

function bestConfusion(brief: Brief): ChartSpec | null {
  return brief.confusion === null ? null : { kind: 'confusion-matrix', id: 'confusion-matrix', classes: brief.confusion.classes, counts: brief.confusion.counts };
}

function worthBlocks(brief: Brief): Block[] {
  const bc = brief.business;
  const a = brief.assessment;
  const withheld = moneyWithheld(brief);
  if (withheld !== null) return [{ kind: 'answer', tone: 'warn', text: withheld }];
  if (!bc) return [{ kind: 'answer', tone: 'warn', text: 'Unknown: the card gives no business figures, so the value of the decisions cannot be estimated.' }];
  const out: Block[] = [];
  const c = bc.currency;
  const roi = bc.roi;
  const modelMonth = bc.model.perMonth;
  if (roi.netGainPerMonth !== null) {
    const good = roi.netGainPerMonth > 0 && a.verdict.verdict === 'use-ml';
    out.push({
      kind: 'answer',
      tone: good ? 'good' : 'warn',
      text: roi.netGainPerMonth > 0 ? `Yes, if the figures hold: the model adds ${money(roi.netGainPerMonth, c)} a month over ${bc.bar.name} after running costs${roi.paybackMonths !== null ? `, and repays its build in ${roi.paybackMonths.toFixed(1)} months` : ''}.` : `No: after running costs the model is worth ${money(-roi.netGainPerMonth, c)} a month less than ${bc.bar.name}; keep the simpler approach.`,
    });
  } else if (bc.model.perDecision !== null) {
    out.push({ kind: 'answer', tone: 'neutral', text: `Per decision the model is worth ${money(bc.model.perDecision, c)} against ${money(bc.bar.perDecision ?? 0, c)} for ${bc.bar.name}; the monthly picture needs the missing figures below.` });
  } else {
    out.push({ kind: 'answer', tone: 'warn', text: 'Unknown: the figures needed to value the decisions are missing (see the assumptions below).' });
  }
  const rows: string[][] = [];
  const decision = describePolicy(policyOfBrief(bc.policy));
  if (bc.model.perDecision !== null) rows.push([`the model (${bc.model.name}), at ${decision}`, money(bc.model.perDecision, c), modelMonth === null ? '–' : money(modelMonth, c)]);
  // Every non-ML approach valued on the same rows, the one compared with marked; older briefs list only the bar.
  const bars = bc.bars ?? [];
  for (const x of bars) rows.push([`${x.id === bc.bestBar ? 'the non-ML bar: ' : ''}${x.kind === 'nothing' ? `doing nothing: ${x.description}` : `${x.name}${x.description && x.kind !== 'prior' ? ` ("${x.description}")` : ''}`}`, money(x.perDecision, c), x.perMonth === null ? '–' : money(x.perMonth, c)]);
  if (bars.length === 0 && bc.bar.perDecision !== null) rows.push([`the non-ML bar (${bc.bar.name})`, money(bc.bar.perDecision, c), bc.bar.perMonth === null ? '–' : money(bc.bar.perMonth, c)]);
  if (bars.length === 0 && bc.nothing?.perDecision !== null && bc.nothing) rows.push([`doing nothing: ${bc.nothing.meaning}`, money(bc.nothing.perDecision!, c), bc.nothing.perMonth === null ? '–' : money(bc.nothing.perMonth, c)]);
  if (rows.length > 0) out.push({ kind: 'table', headers: ['approach', 'value per decision', 'value per month'], align: ['left', 'right', 'right'], rows, caption: `At ${bc.decisionsPerMonth === null ? 'an unknown number of' : num(bc.decisionsPerMonth)} decisions a month, measured on ${num(bc.rows)} rows the models did not learn from` });
  const promised = brief.promise?.value?.perDecision;
  if (promised && Number.isFinite(promised.low)) out.push({ kind: 'paragraph', text: `The promise monitoring holds the model to: at ${decision}, ${money(promised.mean, c)} per decision (95% interval ${money(promised.low, c)} to ${money(promised.high, c)}), measured on ${num(brief.promise!.rows)} rows it did not learn from.` });
  const inputs: string[][] = Object.entries(bc.inputs).filter(([, v]) => v !== null).map(([k, v]) => [k, typeof v === 'number' ? num(v) : String(v)]);
  const results: string[][] = [];
  if (roi.grossGainPerMonth !== null) results.push(['gain over the bar, per month', money(roi.grossGainPerMonth, c)]);
  if (roi.netGainPerMonth !== null) results.push(['after running costs, per month', money(roi.netGainPerMonth, c)]);
  if (roi.paybackMonths !== null) results.push(['months to repay the build', roi.paybackMonths.toFixed(1)]);
  if (roi.retraining) results.push(['a retraining round', `costs ${money(roi.retraining.cost, c)}; the last measured improvement (half to all of today's rows) is worth ${money(roi.retraining.valuePerMonth, c)} a month${roi.retraining.paybackMonths !== null ? `, so it pays back in ${roi.retraining.paybackMonths.toFixed(1)} months (${roi.retraining.paysWithinAYear ? 'worth it' : 'not worth it on that evidence'})` : ', so it does not pay for itself on that evidence'}`]);
  else if (typeof bc.inputs['retrainingCost'] === 'number' && brief.choice !== null && brief.choice.model !== brief.assessment.lift.bestModel) {
    // The half-of-the-data run that values a retraining round was made for the best-scoring model only.
    const measured = brief.assessment.leaderboard.find((e) => e.id === brief.assessment.lift.bestModel)?.name ?? brief.assessment.lift.bestModel;
    results.push(['a retraining round', `costs ${money(bc.inputs['retrainingCost'], c)}; whether it pays is not measured for ${bc.model.name}: the run on half of today's rows was made for ${measured}, the best by ${metricInfo(brief.assessment.evaluation.mainMetric).label}`]);
  }
  out.push({ kind: 'table', headers: ['input', 'figure'], rows: inputs, caption: 'Figures from the card' });
  if (results.length > 0) out.push({ kind: 'table', headers: ['result', 'figure'], rows: results, caption: 'What follows from them' });
  if (bc.assumptions.length > 0) out.push({ kind: 'callout', tone: 'warn', text: `Assumptions (figures the card does not give): ${bc.assumptions.map((x) => `${x.field}: ${x.text}`).join(' ')}` });
  return out;
}

function driverBlocks(brief: Brief, glossary: Glossary): Block[] {
  const e = brief.explanations;
  if (!e) return [{ kind: 'answer', tone: 'warn', text: brief.model ? `Not measured for a ${brief.assessment.framing.task} model: held-out importance is measured for models of one target column; the inputs' power on their own is above.` : 'Not measured: no model was chosen.' }];
  const label = metricInfo(e.metric).label;
  const top = e.permutation.slice(0, 3).map((p) => p.feature);
  const out: Block[] = [{ kind: 'answer', tone: 'neutral', text: `Mostly ${top.map((t) => `'${t}'`).join(', ')}: shuffling ${top.length === 1 ? 'it' : 'each'} costs the model the most ${label}.` }];
  out.push(...glossary.explain('permutation importance'));
  out.push({ kind: 'table', headers: ['input', `drop in ${label} when shuffled`, '95% interval'], align: ['left', 'right', 'right'], rows: e.permutation.map((p) => [p.feature, p.mean.toFixed(4), `${p.low.toFixed(4)} to ${p.high.toFixed(4)}`]) });
  if (e.shap) {
    out.push(...glossary.explain('SHAP'));
    for (const ex of e.shap.examples) {
      out.push({ kind: 'paragraph', text: `Row ${ex.row}: predicted ${ex.prediction}. Starting from the average output ${ex.expected.toFixed(3)} (${e.shap.output}), the inputs add up to ${ex.output.toFixed(3)}:` });
      out.push({ kind: 'table', headers: ['input', 'value', 'pushes the output by'], align: ['left', 'right', 'right'], rows: ex.contributions.map((c) => [c.feature, c.value, `${c.contribution >= 0 ? '+' : ''}${c.contribution.toFixed(3)}`]) });
    }
    out.push({ kind: 'paragraph', text: `The contributions add up to the model's output on every row checked (largest gap ${e.shap.maxAdditivityError.toExponential(1)}).` });
  }
  for (const n of e.notes) out.push({ kind: 'paragraph', text: n });
  return out;
}

function watchBlocks(brief: Brief): Block[] {
  const w = brief.watch;
  if (!w) return [{ kind: 'answer', tone: 'warn', text: 'Nothing to monitor yet: no model was chosen.' }];
  const d = w.drift;
  const out: Block[] = [
    { kind: 'answer', tone: 'neutral', text: `Watch the ${w.features.length} inputs for drift and values never seen in training, and the ${metricInfo(w.performance.metric).label} once true outcomes arrive; retrain on the triggers below.` },
    {
      kind: 'table',
      headers: ['input', 'importance rank', 'seen in training'],
      align: ['left', 'right', 'left'],
      rows: w.features.map((f) => [f.name, f.importanceRank === null ? '–' : String(f.importanceRank), f.categories ? `${f.categories.slice(0, 8).join(', ')}${f.categories.length > 8 ? `, … (${f.categories.length})` : ''}` : f.min !== undefined ? `${formatRange(f.min, f.max!, f.type)}` : f.type]),
    },
    {
      kind: 'list',
      items: [
        `Drift: with at least ${num(d.minRowsForDistances)} reference rows, a number has drifted when its distribution has moved by ${d.wassersteinDrift} of a standard deviation (Wasserstein distance) and a category mix when its Jensen–Shannon distance reaches ${d.jensenShannonDrift}; with fewer rows, a statistical test at p < ${d.pValue} decides (Kolmogorov–Smirnov for numbers, chi-squared for categories). The data set has drifted when ${pct(d.datasetDriftShare)} of the inputs have.`,
        `Out of range: alert when more than ${pct(d.oodRate)} of requests carry a value outside the training range, a category never seen, or a missing value where training had none.`,
        `Performance: ${w.performance.note}`,
        `Retraining: ${w.retrainTrigger}`,
      ],
    },
  ];
  if (brief.model) out.push({ kind: 'paragraph', text: `The chosen model (${brief.model.estimator}, trained on all ${num(brief.model.rows)} ${labelledWord(brief.assessment.framing.task)}rows) is saved at ${brief.model.path}; run it with: framewise predict ${brief.model.path} new-data.csv` });
  return out;
}

function formatRange(min: number, max: number, type: string): string {
  if (type === 'datetime') return `${new Date(min).toISOString().slice(0, 10)} to ${new Date(max).toISOString().slice(0, 10)}`;
  return `${Number(min.toPrecision(4))} to ${Number(max.toPrecision(4))}`;
}

/** 'labelled ' where rows carry a label; nothing for groups and anomalies, which have no target. */
export function labelledWord(task: string): string {
  return task === 'clustering' || task === 'anomaly' ? '' : 'labelled ';
}

/** The card's goal as a sentence: a full stop added when it ends without one, so the next sentence does not run on. */
export function asSentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
