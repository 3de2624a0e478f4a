//! Group process: norms, conflicts, mutual aid, interventions, notes. Each
//! heading carries the symbol its moments have in the timeline chart.

use super::{Html, bullets, nested};
use crate::note::facts::NoteFacts;
use crate::note::wording::process::{NONE_LOGGED, Topic, topics};

pub fn section(facts: &NoteFacts) -> String {
    let mut html = String::from("<section id=\"process\">\n<h2>Group process</h2>\n");
    for topic in topics::<Html>(facts) {
        html.push_str(&heading(&topic));
        if topic.items.is_empty() {
            html.push_str(&format!("<p>{NONE_LOGGED}</p>\n"));
        } else if topic.prose {
            for item in &topic.items {
                html.push_str(&format!("<p>{}</p>\n", item.line));
            }
        } else {
            html.push_str(&bullets(
                &topic.items.iter().map(nested).collect::<Vec<_>>(),
            ));
        }
    }
    html.push_str("</section>\n");
    html
}

fn heading(topic: &Topic) -> String {
    let Topic { id, title, .. } = topic;
    match topic.mark {
        // The symbol is decoration for sighted readers of the chart; a
        // screen reader hears the heading's words only.
        Some(mark) => format!(
            "<h3 id=\"{id}\"><span aria-hidden=\"true\">{}</span> {title}</h3>\n",
            mark.symbol()
        ),
        None => format!("<h3 id=\"{id}\">{title}</h3>\n"),
    }
}
