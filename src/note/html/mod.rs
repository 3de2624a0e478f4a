//! Renders [`NoteFacts`] as one self-contained, printable HTML file: the same
//! sections in the same order as the Markdown note, plus two inline SVG
//! charts — talk time per person ([`svg_bars`]) and the session laid out in
//! time ([`svg_swimlane`]).
//!
//! Self-contained means a supervisor can open it anywhere, offline, and it
//! looks the same: one inline stylesheet (screen and A4 print), no scripts,
//! no web fonts, no images, no links out. Every piece of user text passes
//! through [`escape_html`] or [`escape_attr`]; markup is only ever written
//! by this module.

mod carried;
mod document;
mod entries;
mod escape;
mod participation;
mod process;
mod svg_bars;
mod svg_swimlane;

pub use escape::{escape_attr, escape_html};

use super::display::calendar_date;
use super::facts::{HeaderFacts, MemberEntry, NoteFacts};
use super::wording::{Item, Markup, role_words, session_words};
use std::fmt::Write as _;

const STYLE: &str = include_str!("style.css");

/// The whole note.
pub fn render(facts: &NoteFacts) -> String {
    let mut body = document::header(facts);
    if let Some(warning) = document::unfinished(facts) {
        body.push_str(&warning);
    }
    // Risk comes straight after the header so that nobody reads past it.
    if !facts.risks.is_empty() {
        body.push_str(&document::risk(&facts.risks));
    }
    body.push_str(&carried::since_last(facts));
    body.push_str(&document::content(facts));
    body.push_str(&document::attendance(&facts.attendance));
    body.push_str(&participation::summary(&facts.participation));
    body.push_str(&process::section(facts));
    body.push_str(&document::plan(&facts.plan));
    body.push_str(&carried::checklists(facts));
    body.push_str(&entries::all(facts));
    body.push_str(&record_sections(&facts.record));
    body.push_str(&document::sign_off(&facts.sign_off, &facts.record));
    body.push_str(&appendix(facts));
    page(&page_title(&facts.header), &body)
}

/// The participation detail, after the sign-off: the agenda table, the
/// charts, the figures per person, per segment and per category.
pub fn appendix(facts: &NoteFacts) -> String {
    format!(
        "<section id=\"appendix\" class=\"appendix\">\n<h2>Appendix: participation detail</h2>\n{}{}</section>\n",
        document::agenda(&facts.agenda),
        participation::section(facts)
    )
}

/// A note written in Markdown (a clinical format's template) as an HTML page
/// with the note's stylesheet. Raw HTML in the Markdown (typed by someone
/// into the record, and escaped for Markdown only) is written as text.
pub fn from_markdown(header: &HeaderFacts, markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser};
    let events = Parser::new_ext(markdown, Options::ENABLE_TABLES).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut body = String::with_capacity(markdown.len() * 2);
    pulldown_cmark::html::push_html(&mut body, events);
    page(&page_title(header), &body)
}

/// One member's entry on its own, under a minimal header: no charts and no
/// tables, as every one of them would name other members.
pub fn render_member(facts: &NoteFacts, entry: &MemberEntry) -> String {
    page(
        &format!("{} — {}", page_title(&facts.header), entry.name),
        &entries::member_page(facts, entry),
    )
}

fn page(title: &str, body: &str) -> String {
    let mut html = String::with_capacity(body.len() + STYLE.len() + 512);
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str(
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"groupscribe\">\n",
    );
    // No referrer and no remote anything: the file holds confidential
    // records and must not reach out if someone edits a link into it.
    html.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n",
    );
    let _ = writeln!(html, "<title>{}</title>", escape_html(title));
    let _ = writeln!(html, "<style>\n{STYLE}</style>\n</head>\n<body>\n<main>");
    html.push_str(body);
    html.push_str("</main>\n</body>\n</html>\n");
    html
}

/// `Thursday Parents — session 4 of 8 — 2026-11-23`
fn page_title(header: &HeaderFacts) -> String {
    format!(
        "{} — {} — {}",
        group_name(header),
        session_words(header),
        calendar_date(header.started)
    )
}

/// The group's name as typed (unescaped), or "Group" when it is blank.
fn group_name(header: &HeaderFacts) -> String {
    let name = header.group_name.trim();
    if name.is_empty() {
        "Group".into()
    } else {
        name.to_string()
    }
}

/// An item with its details listed under it.
fn nested(item: &Item) -> String {
    if item.details.is_empty() {
        item.line.clone()
    } else {
        format!("{}\n{}", item.line, bullets(&item.details))
    }
}

/// HTML: every piece of user text and every label is escaped; emphasis and
/// quotes are elements, so that print and screen readers see them.
struct Html;

impl Markup for Html {
    const RISK_MARK: &'static str = "▲ ";

    fn text(text: &str) -> String {
        escape_html(text)
    }
    fn label(label: &str) -> String {
        escape_html(label)
    }
    fn strong(markup: &str) -> String {
        format!("<strong>{markup}</strong>")
    }
    fn highlight(markup: &str) -> String {
        Html::strong(markup)
    }
    fn placeholder(words: &str) -> String {
        format!("<em>{words}</em>")
    }
    fn quote_name(text: &str) -> String {
        format!("“{}”", escape_html(text))
    }
    fn quote_words(text: &str) -> String {
        format!("<q>{}</q>", escape_html(text))
    }
    fn remark(markup: &str) -> String {
        format!("<span class=\"amended\">{markup}</span>")
    }
}

/// A list of items that are already markup.
fn bullets(items: &[String]) -> String {
    let mut list = String::from("<ul>\n");
    for item in items {
        let _ = writeln!(list, "<li>{item}</li>");
    }
    list.push_str("</ul>\n");
    list
}

/// A table whose first column names the row. Header names are plain text;
/// cells are already markup. `numeric` columns line up on the right.
struct Table<'a> {
    class: &'a str,
    caption: Option<&'a str>,
    /// (header, numeric)
    columns: &'a [(&'a str, bool)],
}

impl Table<'_> {
    fn render(&self, rows: &[Vec<String>]) -> String {
        let mut html = String::new();
        if self.class.is_empty() {
            html.push_str("<table>\n");
        } else {
            let _ = writeln!(html, "<table class=\"{}\">", escape_attr(self.class));
        }
        if let Some(caption) = self.caption {
            let _ = writeln!(html, "<caption>{}</caption>", escape_html(caption));
        }
        html.push_str("<thead><tr>");
        for (name, numeric) in self.columns {
            let _ = write!(
                html,
                "<th scope=\"col\"{}>{}</th>",
                if *numeric { " class=\"num\"" } else { "" },
                escape_html(name)
            );
        }
        html.push_str("</tr></thead>\n<tbody>\n");
        for row in rows {
            html.push_str("<tr>");
            for (index, cell) in row.iter().enumerate() {
                let numeric = self.columns.get(index).is_some_and(|(_, numeric)| *numeric);
                let class = if numeric { " class=\"num\"" } else { "" };
                if index == 0 {
                    let _ = write!(html, "<th scope=\"row\"{class}>{cell}</th>");
                } else {
                    let _ = write!(html, "<td{class}>{cell}</td>");
                }
            }
            html.push_str("</tr>\n");
        }
        html.push_str("</tbody>\n</table>\n");
        html
    }
}

/// The CSS class that colours a holder's bars; the colour only repeats
/// what the label says.
fn role_class(role: super::facts::SpeakerRole) -> &'static str {
    use super::facts::SpeakerRole;
    match role {
        SpeakerRole::Member | SpeakerRole::NotOnRoster => "member",
        SpeakerRole::Facilitator | SpeakerRole::CoFacilitator => "facilitator",
        SpeakerRole::Crosstalk => "crosstalk",
    }
}

/// Cuts a label to `max` characters with an ellipsis, for SVG text, which
/// cannot wrap; the full text goes into the element's `<title>`.
fn fit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests;

/// Changes to the record, the co-facilitator's review and the addenda after
/// sign-off, as in the Markdown note (each only when there is one).
fn record_sections(record: &super::facts::record::RecordKeeping) -> String {
    use super::wording::record as words;
    let esc = |text: &str| escape_html(text);
    let mut html = String::new();
    let mut section = |id: &str, heading: &str, lead: &str, items: Vec<String>| {
        if !items.is_empty() {
            html.push_str(&format!(
                "<section id=\"{id}\">\n<h2>{heading}</h2>\n{lead}{}</section>\n",
                bullets(&items)
            ));
        }
    };
    section(
        "changes",
        "Changes to the record",
        "<p>The note reads the record as amended; the original lines are kept.</p>\n",
        record
            .changes
            .iter()
            .map(|c| words::change(c, &esc))
            .collect(),
    );
    section(
        "review",
        "Co-facilitator&#39;s review",
        "",
        (record.review.iter())
            .map(|c| words::review_comment(c.at, &esc(&c.text)))
            .collect(),
    );
    section(
        "addenda",
        "Addenda after sign-off",
        "<p>Written after the facilitator signed, each dated when it was written.</p>\n",
        (record.addenda.iter())
            .map(|c| format!("Addendum: {}", words::change(c, &esc)))
            .collect(),
    );
    html
}
