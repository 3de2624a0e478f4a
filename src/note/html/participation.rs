//! The participation section: narrative, the talk-time chart, the table per
//! person, the key figures, the session in time, who spoke after whom, and
//! the figures per segment and per category.

use super::{Html, Table, bullets, escape_html, svg_bars, svg_swimlane};
use crate::note::facts::{NoteFacts, ParticipationFacts};
use crate::note::wording::participation::{
    CATEGORIES_NOTE, CATEGORY_COLUMNS, MATRIX_NOTE, NO_MATRIX, SEGMENT_COLUMNS, SPEAKER_COLUMNS,
    category_rows, figures, matrix_rows, segment_rows, speaker_rows,
};
use std::fmt::Write as _;

/// The body's participation paragraph: one or two sentences.
pub fn summary(facts: &ParticipationFacts) -> String {
    format!(
        "<section id=\"participation\">\n<h2>Participation</h2>\n<p>{}</p>\n</section>\n",
        escape_html(&facts.summary)
    )
}

/// The figures and charts, in the appendix.
pub fn section(facts: &NoteFacts) -> String {
    let participation = &facts.participation;
    let mut html =
        String::from("<section id=\"participation-figures\">\n<h3>Participation figures</h3>\n");
    let _ = writeln!(html, "<p>{}</p>", escape_html(&participation.narrative));
    html.push_str(&svg_bars::figure(participation));
    html.push_str(
        &Table {
            class: "speakers",
            caption: Some("Turns and talk time per person"),
            columns: &SPEAKER_COLUMNS,
        }
        .render(&speaker_rows::<Html>(participation)),
    );
    html.push_str(&bullets(&figures::<Html>(participation)));
    html.push_str(&svg_swimlane::figure(facts));
    html.push_str(&matrix(participation));
    if !participation.segments.is_empty() {
        html.push_str("<h3 id=\"segments\">By agenda segment</h3>\n");
        html.push_str(&plain_table(
            &SEGMENT_COLUMNS,
            &segment_rows::<Html>(participation),
        ));
    }
    if !participation.categories.is_empty() {
        let _ = writeln!(
            html,
            "<h3 id=\"categories\">By self-described category</h3>\n<p>{CATEGORIES_NOTE}</p>"
        );
        html.push_str(&plain_table(
            &CATEGORY_COLUMNS,
            &category_rows::<Html>(participation),
        ));
    }
    html.push_str("</section>\n");
    html
}

fn plain_table(columns: &[(&str, bool)], rows: &[Vec<String>]) -> String {
    Table {
        class: "",
        caption: None,
        columns,
    }
    .render(rows)
}

fn matrix(facts: &ParticipationFacts) -> String {
    let people = &facts.matrix.people;
    let mut html = String::from("<h3 id=\"matrix\">Who spoke after whom</h3>\n");
    if people.is_empty() {
        let _ = writeln!(html, "<p>{NO_MATRIX}</p>");
        return html;
    }
    let _ = writeln!(html, "<p>{MATRIX_NOTE}</p>");
    // `Table` escapes the header names, which here are people's names.
    let mut columns: Vec<(&str, bool)> = vec![("Speaker ↓ then →", false)];
    columns.extend(people.iter().map(|name| (name.as_str(), true)));
    columns.push(("Total", true));
    html.push_str(
        &Table {
            class: "matrix",
            caption: None,
            columns: &columns,
        }
        .render(&matrix_rows::<Html>(facts)),
    );
    html
}
