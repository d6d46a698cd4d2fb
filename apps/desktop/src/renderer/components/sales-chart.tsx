// A 30-day sales and orders chart with ECharts (only the parts it uses are bundled).
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export interface SalesPoint {
  day: string;
  sales: number;
  orders: number;
}

export function SalesChart({
  points,
  labels,
  dark,
}: {
  points: SalesPoint[];
  labels: { sales: string; orders: string };
  dark: boolean;
}) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current, dark ? 'dark' : undefined);
    chart.setOption({
      backgroundColor: 'transparent',
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [labels.sales, labels.orders] },
      grid: { left: 56, right: 40, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: points.map((p) => p.day.slice(5)) },
      yAxis: [{ type: 'value' }, { type: 'value', minInterval: 1 }],
      series: [
        {
          name: labels.sales,
          type: 'line',
          smooth: true,
          data: points.map((p) => p.sales),
          areaStyle: { opacity: 0.15 },
        },
        {
          name: labels.orders,
          type: 'bar',
          yAxisIndex: 1,
          data: points.map((p) => p.orders),
          barMaxWidth: 12,
        },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [points, labels, dark]);
  return <div ref={element} role="img" aria-label={labels.sales} style={{ height: 320 }} />;
}
