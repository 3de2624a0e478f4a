//! "Since last session", "Contract" and "Ending" in the HTML note: the
//! Markdown sections (their user text escaped for Markdown), turned into
//! HTML the way a clinical format's note is, raw HTML shown as text.

use crate::note::facts::NoteFacts;
use crate::note::markdown::carried;

fn section(id: &str, markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser};
    let events = Parser::new_ext(markdown, Options::empty()).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut html = format!("<section id=\"{id}\">\n");
    pulldown_cmark::html::push_html(&mut html, events);
    html.push_str("</section>\n");
    html
}

/// After risk, when the note was written with the carry-over.
pub fn since_last(facts: &NoteFacts) -> String {
    carried::since_last(facts).map_or_else(String::new, |block| section("since-last", &block))
}

/// After the plan: the contract and ending checklists told.
pub fn checklists(facts: &NoteFacts) -> String {
    carried::checklists(facts)
        .iter()
        .map(|block| {
            // `## Contract` -> `contract`
            let heading = block.lines().next().unwrap_or_default();
            let id = heading.trim_start_matches('#').trim().to_lowercase();
            section(&id, block)
        })
        .collect()
}
