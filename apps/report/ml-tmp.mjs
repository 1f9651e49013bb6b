import * as echarts from 'echarts';

const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 340, height: 230 });
chart.setOption({
  animation: false,
  xAxis: { type: 'category', data: ['<0', '0-49', '50-87', '88-109', '110'] },
  yAxis: { type: 'value' },
  series: [
    {
      type: 'bar',
      data: [2, 3, 11, 24, 13],
      markLine: {
        silent: true,
        symbol: 'none',
        label: { formatter: '88', position: 'end' },
        lineStyle: { color: '#b42318', type: 'dashed' },
        data: [{ xAxis: 2.5 }],
      },
    },
  ],
});
const svg = chart.renderToSVGString();
console.log(svg.match(/<path d="M[^"]*"[^>]*stroke="#b42318"[^>]*>/g));
console.log(svg.includes('>88<'));
