/**
 * report/ — render a roundabout result: Markdown, one self-contained HTML page with SVG charts, CSV and JSON,
 * and a plain-text table for the terminal. Renderers only render what they are handed; none reads files, the
 * network or the clock.
 *
 * @module
 */
export {
  type ChartActualVsBaselineOptions,
  type ChartExcessByDestinationOptions,
  type ChartMirrorGapOptions,
  type ChartSanctionedVsOtherOptions,
  type ChartSpec,
  chartActualVsBaseline,
  chartExcessByDestination,
  chartMirrorGap,
  chartSanctionedVsOther,
  type RenderSvgOptions,
  renderSvg,
} from './charts.js';
export { type FormatTableOptions, formatTable } from './format-table.js';
export { type RenderHtmlOptions, renderHtml } from './render-html.js';
export { type RenderMarkdownOptions, renderMarkdown } from './render-markdown.js';
export { CSV_COLUMNS, type FindingCell, findingRow, tableCsv, toCsv } from './to-csv.js';
export { type ToJsonOptions, toJson } from './to-json.js';
