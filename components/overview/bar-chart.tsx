// A stacked bar chart in plain SVG: one bar per time bucket, one segment per series, a y axis with
// round ticks and UTC time labels. Screen readers get the title, a summary and the figures as a table.
import { useId } from "react";
import { axisLabel, bucketTitle, isLabelled, niceScale } from "@/components/overview/chart-format";
import type { OverviewRange } from "@/lib/overview/range";

export interface ChartSeries {
  label: string;
  /** Tailwind fill and background classes for the segment and its legend swatch. */
  fill: string;
  swatch: string;
}

export interface ChartBucket {
  start: Date;
  /** One value per series, in the series' order. */
  values: number[];
}

// In viewBox units, close to the pixels a half-width card gives it, so the 11-unit text reads as ~11 px.
const WIDTH = 480;
const HEIGHT = 180;
const MARGIN = { top: 10, right: 4, bottom: 22, left: 36 };

export function BarChart({
  title,
  range,
  bucketSeconds,
  series,
  buckets,
  emptyText,
}: {
  title: string;
  range: OverviewRange;
  bucketSeconds: number;
  series: ChartSeries[];
  buckets: ChartBucket[];
  emptyText: string;
}) {
  const id = useId();
  const totals = buckets.map((bucket) => bucket.values.reduce((sum, value) => sum + value, 0));
  const { top, ticks } = niceScale(Math.max(0, ...totals));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const band = plotWidth / Math.max(1, buckets.length);
  const barWidth = Math.max(1, band * 0.7);
  const y = (value: number) => MARGIN.top + plotHeight - (value / top) * plotHeight;
  const seriesTotals = series.map((_, index) => buckets.reduce((sum, bucket) => sum + (bucket.values[index] ?? 0), 0));
  const summary = series.map((entry, index) => `${entry.label}: ${seriesTotals[index]!.toLocaleString("en")}`).join(", ");
  const empty = totals.every((total) => total === 0);

  return (
    <figure>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-auto w-full" role="img" aria-labelledby={`${id}-title ${id}-desc`}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{`${summary} in total, per ${bucketSeconds >= 3600 ? `${bucketSeconds / 3600} h` : `${bucketSeconds / 60} min`}.`}</desc>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} className={tick === 0 ? "stroke-slate-300" : "stroke-slate-100"} />
            <text x={MARGIN.left - 6} y={y(tick)} dy="0.32em" textAnchor="end" className="fill-slate-500 text-[11px] tabular-nums">
              {tick.toLocaleString("en")}
            </text>
          </g>
        ))}
        {buckets.map((bucket, index) => {
          const x = MARGIN.left + index * band + (band - barWidth) / 2;
          let base = 0;
          const when = bucketTitle(range, bucket.start, bucketSeconds);
          return (
            <g key={bucket.start.toISOString()}>
              <title>{`${when}: ${series.map((entry, at) => `${(bucket.values[at] ?? 0).toLocaleString("en")} ${entry.label.toLowerCase()}`).join(", ")}`}</title>
              {/* A full-height hit area so the tooltip shows over short and empty bars too. */}
              <rect x={MARGIN.left + index * band} y={MARGIN.top} width={band} height={plotHeight} className="fill-transparent hover:fill-slate-50" />
              {bucket.values.map((value, at) => {
                if (value <= 0) return null;
                const segment = (
                  <rect key={series[at]!.label} x={x} width={barWidth} y={y(base + value)} height={y(base) - y(base + value)} className={series[at]!.fill} />
                );
                base += value;
                return segment;
              })}
              {isLabelled(range, bucket.start) ? (
                <text x={x + barWidth / 2} y={HEIGHT - 8} textAnchor="middle" className="fill-slate-500 text-[11px] tabular-nums">
                  {axisLabel(range, bucket.start)}
                </text>
              ) : null}
            </g>
          );
        })}
        {empty ? (
          <text x={MARGIN.left + plotWidth / 2} y={MARGIN.top + plotHeight / 2} textAnchor="middle" className="fill-slate-400 text-xs">
            {emptyText}
          </text>
        ) : null}
      </svg>
      <figcaption className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600">
        {series.map((entry, index) => (
          <span key={entry.label} className="inline-flex items-center gap-1.5">
            <span aria-hidden className={`size-2.5 rounded-xs ${entry.swatch}`} />
            {entry.label}
            <span className="font-medium text-slate-900 tabular-nums">{seriesTotals[index]!.toLocaleString("en")}</span>
          </span>
        ))}
        <span className="ml-auto text-slate-400">Times in UTC</span>
      </figcaption>
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Time (UTC)</th>
            {series.map((entry) => (
              <th key={entry.label} scope="col">
                {entry.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {buckets.map((bucket) => (
            <tr key={bucket.start.toISOString()}>
              <th scope="row">{bucketTitle(range, bucket.start, bucketSeconds)}</th>
              {series.map((entry, at) => (
                <td key={entry.label}>{bucket.values[at] ?? 0}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
