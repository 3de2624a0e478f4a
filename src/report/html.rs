//! The report as one self-contained HTML page, in the house style of the
//! HTML note: one inline stylesheet (screen and print), no scripts, no web
//! fonts, no images, no links out, a Content-Security-Policy that forbids
//! loading anything. Trends are inline SVG lines. Every piece of user text
//! passes through [`escape_html`]; markup is only ever written here.

use super::document::{Block, Cell, Document};
use super::markdown::REPORT_MARKER;
use std::fmt::Write as _;

const STYLE: &str = "\
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1d1d1f; \
margin: 0; background: #fff; }
main { max-width: 70rem; margin: 0 auto; padding: 1.5rem 2rem 3rem; }
h1 { font-size: 1.6rem; margin: 0 0 .4rem; }
h2 { font-size: 1.15rem; margin: 1.8rem 0 .5rem; border-bottom: 1px solid #d0d0d7; \
padding-bottom: .2rem; }
p { margin: .4rem 0; }
p.legend { color: #555; font-size: .9rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #d0d0d7; padding: .25rem .5rem; text-align: left; vertical-align: middle; }
th { background: #f3f3f6; font-weight: 600; }
td.trend { white-space: nowrap; }
svg.trend { vertical-align: middle; margin-right: .4rem; }
svg.trend polyline { fill: none; stroke: #2f5d9c; stroke-width: 1.5; }
svg.trend circle { fill: #2f5d9c; }
svg.trend line.base { stroke: #c8c8d0; stroke-width: 1; }
ul { margin: .3rem 0 1rem 1.2rem; padding: 0; }
@media print { main { max-width: none; padding: 0; } h2 { break-after: avoid; } \
table { break-inside: avoid; } }
";

/// Escapes text for element content and quoted attributes (as the note does).
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c if c.is_control() => escaped.push(' '),
            c => escaped.push(c),
        }
    }
    escaped
}

/// Width of one session's step in a trend line, and the line's height.
const STEP: f64 = 14.0;
const HEIGHT: f64 = 24.0;

/// A trend as a small SVG line: one point per session with a value, the
/// line broken where a session has none.
fn svg_trend(values: &[Option<f64>], max: f64, label: &str) -> String {
    let width = (values.len().max(2) - 1) as f64 * STEP + 8.0;
    let y = |value: f64| {
        let scaled = if max > 0.0 {
            (value / max).clamp(0.0, 1.0)
        } else {
            0.0
        };
        HEIGHT - 3.0 - scaled * (HEIGHT - 6.0)
    };
    let mut svg = format!(
        "<svg class=\"trend\" width=\"{width:.0}\" height=\"{HEIGHT:.0}\" viewBox=\"0 0 {width:.0} \
         {HEIGHT:.0}\" role=\"img\" aria-label=\"{label}\"><title>{label}</title>\
         <line class=\"base\" x1=\"4\" y1=\"{base:.1}\" x2=\"{end:.1}\" y2=\"{base:.1}\"/>",
        label = escape_html(label),
        base = HEIGHT - 3.0,
        end = width - 4.0,
    );
    let mut run: Vec<(f64, f64)> = Vec::new();
    let flush = |run: &mut Vec<(f64, f64)>, svg: &mut String| {
        match run.as_slice() {
            [] => {}
            [(x, y)] => {
                let _ = write!(svg, "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"2\"/>");
            }
            points => {
                let points: Vec<String> = points
                    .iter()
                    .map(|(x, y)| format!("{x:.1},{y:.1}"))
                    .collect();
                let _ = write!(svg, "<polyline points=\"{}\"/>", points.join(" "));
            }
        }
        run.clear();
    };
    for (index, value) in values.iter().enumerate() {
        match value {
            Some(value) => run.push((4.0 + index as f64 * STEP, y(*value))),
            None => flush(&mut run, &mut svg),
        }
    }
    flush(&mut run, &mut svg);
    svg.push_str("</svg>");
    svg
}

fn cell(cell: &Cell, row_label: &str) -> String {
    match cell {
        Cell::Text(text) => format!("<td>{}</td>", escape_html(text)),
        Cell::Trend { values, max, text } => format!(
            "<td class=\"trend\">{}{}</td>",
            svg_trend(values, *max, &format!("{row_label}: {text}")),
            escape_html(text)
        ),
    }
}

/// The whole page.
pub fn render(document: &Document) -> String {
    let mut body = String::new();
    let _ = writeln!(body, "<h1>{}</h1>", escape_html(&document.title));
    let mut after_table = false;
    for block in &document.blocks {
        match block {
            Block::Heading(text) => {
                let _ = writeln!(body, "<h2>{}</h2>", escape_html(text));
            }
            Block::Text(text) => {
                let class = if after_table { " class=\"legend\"" } else { "" };
                let _ = writeln!(body, "<p{class}>{}</p>", escape_html(text));
            }
            Block::Items(items) => {
                body.push_str("<ul>\n");
                for item in items {
                    let _ = writeln!(body, "<li>{}</li>", escape_html(item));
                }
                body.push_str("</ul>\n");
            }
            Block::Table(table) => {
                body.push_str("<table>\n<thead><tr>");
                for head in &table.head {
                    let _ = write!(body, "<th scope=\"col\">{}</th>", escape_html(head));
                }
                body.push_str("</tr></thead>\n<tbody>\n");
                for row in &table.rows {
                    body.push_str("<tr>");
                    let label = match row.first() {
                        Some(Cell::Text(text)) => text.as_str(),
                        _ => "",
                    };
                    for (index, value) in row.iter().enumerate() {
                        if index == 0
                            && let Cell::Text(text) = value
                        {
                            let _ = write!(body, "<th scope=\"row\">{}</th>", escape_html(text));
                            continue;
                        }
                        body.push_str(&cell(value, label));
                    }
                    body.push_str("</tr>\n");
                }
                body.push_str("</tbody>\n</table>\n");
            }
        }
        after_table = matches!(block, Block::Table(_));
    }
    let mut html = String::with_capacity(body.len() + STYLE.len() + 600);
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str(
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"groupscribe report\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n",
    );
    let _ = writeln!(html, "<title>{}</title>", escape_html(&document.title));
    let _ = writeln!(html, "<style>\n{STYLE}</style>\n</head>\n<body>\n<main>");
    html.push_str(&body);
    html.push_str("</main>\n</body>\n</html>\n");
    html.push_str(REPORT_MARKER);
    html.push('\n');
    html
}
