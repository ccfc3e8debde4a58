/**
 * A Chart.js canvas. Only this lazily loaded page imports Chart.js, so it stays out of the
 * console's first load. The canvas is an image for screen readers, named by `label`; each chart
 * on the page sits next to a table or figures with the same numbers.
 */
import { BarController, BarElement, CategoryScale, Chart, type ChartConfiguration, DoughnutController, ArcElement, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, DoughnutController, ArcElement, Legend, Tooltip);

/** The theme's colours, read when a chart's config is made (the sections remake it when the theme changes). */
export function themeColours(): { fg: string; muted: string; line: string } {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return { fg: read('--fg', '#0f172a'), muted: read('--muted', '#475569'), line: read('--line', '#cbd5e1') };
}

export function ChartCanvas({ config, label, height = 220 }: { config: ChartConfiguration; label: string; height?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);

  useEffect(() => {
    if (canvas.current === null) return;
    chart.current = new Chart(canvas.current, config);
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
    // The chart is made once; later configs update it in place (below) rather than redraw it.
  }, []);

  useEffect(() => {
    const current = chart.current;
    if (current === null) return;
    current.data = config.data;
    if (config.options !== undefined) current.options = config.options;
    current.update('none');
  }, [config]);

  return (
    <div class="relative" style={{ height: `${height}px` }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
