// The brief page's stylesheet, inlined into every HTML brief: system fonts only, readable from
// a phone at 390 px to a desktop at 1280 px, tone shown by colour, icon and word, print-friendly.

export const briefCss = `
:root {
  --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa; --link: #0b5cad;
  --good: #1a7f37; --good-bg: #e9f7ee; --neutral: #0b5cad; --neutral-bg: #eaf2fb;
  --warn: #8a5a00; --warn-bg: #fff5db; --bad: #b42318; --bad-bg: #fdecea;
  color-scheme: light;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; color: var(--ink); background: #fff;
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "DejaVu Sans", sans-serif;
  overflow-wrap: break-word;
}
.page { max-width: 52rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
header.brief-head { border-bottom: 1px solid var(--line); padding-bottom: 1rem; margin-bottom: 1.25rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 .4rem; }
.subtitle { color: var(--muted); margin: 0; font-size: 1.05rem; }
h2 { font-size: 1.35rem; line-height: 1.3; margin: 2.4rem 0 .75rem; padding-top: .4rem; border-top: 1px solid var(--line); }
h3 { font-size: 1.1rem; margin: 1.6rem 0 .5rem; }
p, ul { margin: .6rem 0; }
ul { padding-left: 1.4rem; }
li + li { margin-top: .2rem; }
a { color: var(--link); }
nav.toc { background: var(--soft); border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; margin: 1rem 0 1.5rem; }
nav.toc h2 { font-size: .8rem; letter-spacing: .06em; text-transform: uppercase; color: var(--muted); margin: 0 0 .35rem; padding: 0; border: 0; }
nav.toc ol { margin: 0; padding-left: 1.3rem; }
nav.toc li { margin: .15rem 0; }
.answer, .callout { display: flex; gap: .65rem; align-items: flex-start; border-radius: 8px; border-left: 5px solid; margin: .8rem 0; }
.answer { padding: .8rem 1rem; font-size: 1.08rem; font-weight: 600; line-height: 1.45; }
.callout { padding: .65rem .9rem; }
.tone-mark { flex: none; display: inline-flex; align-items: center; gap: .3rem; font-size: .78rem; font-weight: 700;
  letter-spacing: .04em; text-transform: uppercase; padding: .15rem .5rem .15rem .35rem; border-radius: 999px; color: #fff; margin-top: .1rem; white-space: nowrap; }
.tone-mark svg { width: 1rem; height: 1rem; flex: none; }
.tone-text { min-width: 0; }
.tone-good { border-color: var(--good); background: var(--good-bg); } .tone-good .tone-mark { background: var(--good); }
.tone-neutral { border-color: var(--neutral); background: var(--neutral-bg); } .tone-neutral .tone-mark { background: var(--neutral); }
.tone-warn { border-color: #b7791f; background: var(--warn-bg); } .tone-warn .tone-mark { background: var(--warn); }
.tone-bad { border-color: var(--bad); background: var(--bad-bg); } .tone-bad .tone-mark { background: var(--bad); }
.definition { color: var(--muted); font-size: .95rem; margin: .5rem 0; }
.definition dt { display: inline; font-style: italic; font-weight: 600; color: var(--ink); }
.definition dd { display: inline; margin: 0; }
.table-block { margin: 1rem 0; }
.table-caption { color: var(--muted); font-size: .9rem; margin: 0 0 .35rem; }
/* Shadows at the edges that can still scroll: the local layers cover them at either end. */
.table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px;
  background: linear-gradient(to right, #fff 40%, rgba(255,255,255,0)) left / 2.5rem 100% no-repeat local,
    linear-gradient(to left, #fff 40%, rgba(255,255,255,0)) right / 2.5rem 100% no-repeat local,
    radial-gradient(farthest-side at 0 50%, rgba(31,35,40,.22), rgba(31,35,40,0)) left / .8rem 100% no-repeat scroll,
    radial-gradient(farthest-side at 100% 50%, rgba(31,35,40,.22), rgba(31,35,40,0)) right / .8rem 100% no-repeat scroll; }
.table-wrap:focus { outline: 2px solid var(--link); outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; font-size: .93rem; font-variant-numeric: tabular-nums; }
th, td { padding: .45rem .75rem; text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); white-space: nowrap; }
th.long, td.long { white-space: normal; min-width: 12rem; max-width: 24rem; }
th { background: rgba(234,238,242,.6); font-weight: 600; }
tbody tr:last-child td { border-bottom: 0; }
th.num, td.num { text-align: right; }
td:first-child { font-weight: 500; }
figure.chart { margin: 1.25rem 0; }
figure.chart svg { display: block; width: 100%; height: auto; }
figure.chart .chart-box { border: 1px solid var(--line); border-radius: 8px; padding: .25rem; background: #fff; }
.chart-wide, .chart-narrow { margin: 0 auto; }
.chart-narrow { display: none; }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .4rem; }
/* On wide screens a wide table may leave the text column, centred, instead of scrolling. */
@media screen and (min-width: 900px) {
  .table-block { position: relative; left: 50%; transform: translateX(-50%); width: max-content; min-width: 100%; max-width: min(72rem, calc(100vw - 3rem)); }
}
@media (max-width: 600px) {
  .page { padding: 1.25rem 1rem 3rem; }
  h1 { font-size: 1.5rem; }
  h2 { font-size: 1.2rem; margin-top: 2rem; }
  .answer { font-size: 1rem; flex-direction: column; gap: .4rem; }
  .callout { flex-direction: column; gap: .35rem; }
  .chart-wide { display: none; }
  .chart-narrow { display: block; }
  .table-wrap.stack { overflow-x: visible; background: none; }
  .stack table, .stack tbody, .stack tr, .stack td { display: block; width: 100%; }
  .stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  .stack tr { border-bottom: 1px solid var(--line); padding: .45rem 0; }
  .stack tbody tr:last-child { border-bottom: 0; }
  .stack td, .stack td.num, .stack td.long { border: 0; padding: .1rem .75rem; white-space: normal; min-width: 0; max-width: none; text-align: left;
    display: grid; grid-template-columns: minmax(5.5rem, 36%) 1fr; column-gap: .75rem; }
  .stack td::before { content: attr(data-label); font-size: .8rem; font-weight: 600; color: var(--muted); padding-top: .12rem; }
  /* The first cell names the row: it heads the card, without its column's label. */
  .stack td:first-child { display: block; font-weight: 600; }
  .stack td:first-child::before { display: none; }
}
@media print {
  body { font-size: 11pt; }
  .page { max-width: none; padding: 0; }
  nav.toc { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .answer, .callout, figure.chart, .table-wrap, tr { break-inside: avoid; }
  .table-wrap { overflow: visible; border: 0; }
  th, td { white-space: normal; }
  .table-wrap { background: none; }
  .answer, .callout, .tone-mark { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
`;
