// Charts drawn as plain SVG: bars of one series, or lines of several.
"use strict";

const CHART = { width: 640, height: 220, left: 56, right: 12, top: 26, bottom: 28 };
const CHART_COLORS = ["#2456c6", "#17803d", "#9a6700"];

function svgElement(name, attributes, text) {
  const element = document.createElementNS("http://www.w3.org/2000/svg", name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

// The frame of a chart whose values reach `maxY`: title, axis, scale.
function chartFrame(title, maxY, unit) {
  const { width, height, left, right, top, bottom } = CHART;
  const svg = svgElement("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title });
  svg.appendChild(svgElement("text", { x: left, y: 16 }, title));
  svg.appendChild(svgElement("line", { x1: left, y1: height - bottom, x2: width - right, y2: height - bottom, stroke: "#9aa3b2" }));
  svg.appendChild(svgElement("text", { x: 4, y: top + 8 }, `${maxY.toFixed(maxY < 10 ? 2 : 0)} ${unit}`));
  svg.appendChild(svgElement("text", { x: 4, y: height - bottom }, "0"));
  return svg;
}

function chartY(value, maxY) {
  const plot = CHART.height - CHART.top - CHART.bottom;
  return CHART.top + plot - (value / maxY) * plot;
}

// Bars of `points` ([{x: label, y: number}]).
function barChart(title, points, unit) {
  const maxY = Math.max(1e-9, ...points.map((p) => p.y));
  const svg = chartFrame(title, maxY, unit);
  if (points.length === 0) {
    svg.appendChild(svgElement("text", { x: CHART.left, y: CHART.height / 2 }, "no data yet"));
    return svg;
  }
  const step = (CHART.width - CHART.left - CHART.right) / points.length;
  points.forEach((p, i) => {
    const x = CHART.left + i * step + step * 0.15;
    const y = chartY(p.y, maxY);
    svg.appendChild(svgElement("rect", { x, y, width: Math.max(1, step * 0.7), height: CHART.height - CHART.bottom - y, fill: CHART_COLORS[0] }));
    if (points.length <= 24) svg.appendChild(svgElement("text", { x, y: CHART.height - 10 }, String(p.x)));
  });
  return svg;
}

// Lines of several series of equal length ([[{x, y}]]), named in a legend.
function lineChart(title, series, names, unit) {
  const values = series.flat().map((p) => p.y);
  const maxY = Math.max(1e-9, ...values);
  const svg = chartFrame(title, maxY, unit);
  const count = Math.max(0, ...series.map((s) => s.length));
  if (count === 0) {
    svg.appendChild(svgElement("text", { x: CHART.left, y: CHART.height / 2 }, "no data yet"));
    return svg;
  }
  const step = (CHART.width - CHART.left - CHART.right) / Math.max(1, count - 1);
  series.forEach((points, k) => {
    const d = points.map((p, i) => `${i === 0 ? "M" : "L"}${(CHART.left + i * step).toFixed(1)},${chartY(p.y, maxY).toFixed(1)}`).join(" ");
    svg.appendChild(svgElement("path", { d, fill: "none", stroke: CHART_COLORS[k], "stroke-width": 2 }));
    if (names.length > 1) svg.appendChild(svgElement("text", { x: CHART.width - 200 + k * 100, y: 16, fill: CHART_COLORS[k] }, names[k]));
  });
  return svg;
}
