use crate::model::{Author, EventKind, NameStyle};
use crate::note::fixture::{self, at, session_with};
use crate::note::{NoteFacts, NoteOptions, html, member_html};

fn facts_with(redact: bool) -> NoteFacts {
    NoteFacts::gather(
        &fixture::group(),
        &fixture::ended_session(),
        NoteOptions {
            names: NameStyle::Alias,
            redact,
        },
        at(9999),
    )
}

fn position(note: &str, wanted: &str) -> usize {
    note.find(wanted)
        .unwrap_or_else(|| panic!("{wanted:?} missing from\n{note}"))
}

/// The part of the note from `<svg id="{id}"` to its `</svg>`.
fn svg<'a>(note: &'a str, id: &str) -> &'a str {
    let start = position(note, &format!("<svg id=\"{id}\""));
    let end = start + position(&note[start..], "</svg>");
    &note[start..end]
}

#[test]
fn one_self_contained_document() {
    let note = html(&facts_with(false));
    assert!(
        note.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
        "{note}"
    );
    assert!(note.ends_with("</html>\n"));
    assert_eq!(note.matches("<style>").count(), 1);
    assert!(
        note.contains("<title>Thursday Parents — session 4 of 8 — 2026-11-23</title>"),
        "{note}"
    );
    for outside in [
        "<script", "<link", "<img", "http:", "https:", "@import", "url(http",
    ] {
        assert!(!note.contains(outside), "{outside} in the note");
    }
    assert!(note.contains("Content-Security-Policy"));
}

#[test]
fn sections_come_in_the_markdown_order_with_risk_first() {
    let note = html(&facts_with(false));
    let order = [
        "<h1>",
        "<section id=\"risk\"",
        "<section id=\"content\"",
        "<section id=\"attendance\"",
        "<section id=\"participation\"",
        "<section id=\"process\"",
        "<h3 id=\"norms\"",
        "<h3 id=\"conflicts\"",
        "<h3 id=\"mutual-aid\"",
        "<h3 id=\"interventions\"",
        "<h3 id=\"notes\"",
        "<section id=\"plan\"",
        "<section id=\"entries\"",
        "<section id=\"sign-off\"",
        "<section id=\"appendix\"",
        "<section id=\"agenda\"",
        "<section id=\"participation-figures\"",
        "<svg id=\"talk-chart\"",
        "<table class=\"speakers\"",
        "<svg id=\"timeline-chart\"",
        "<h3 id=\"matrix\"",
        "<h3 id=\"segments\"",
    ];
    let positions: Vec<usize> = order.iter().map(|wanted| position(&note, wanted)).collect();
    for (pair, names) in positions.windows(2).zip(order.windows(2)) {
        assert!(
            pair[0] < pair[1],
            "{} should come before {}",
            names[0],
            names[1]
        );
    }
}

#[test]
fn the_risk_is_boxed_and_says_what_the_worker_did() {
    let note = html(&facts_with(false));
    assert!(
        note.contains(
            "<strong>▲ Elevated</strong> at 18:26 — Ben T. — \
         <q>Said he has not slept; will call him after group</q>"
        ),
        "{note}"
    );
    assert!(note.contains("<section id=\"risk\" class=\"risk\""));
    assert!(note.contains("<dt>Risk</dt><dd><strong>1 moment logged — see below</strong></dd>"));
}

#[test]
fn the_bar_chart_has_one_labelled_bar_per_row_of_the_table() {
    let facts = facts_with(false);
    let note = html(&facts);
    let chart = svg(&note, "talk-chart");
    assert_eq!(
        chart.matches("<rect class=\"bar ").count(),
        facts.participation.speakers.len()
    );
    assert!(chart.contains("role=\"img\"") && chart.contains("aria-label=\""));
    assert!(chart.contains("viewBox=\"0 0 800 "));
    assert!(chart.contains(" width=\"800\" height=\""));
    // Ana: 05:00 of 24:30 of all talk is 20.4%.
    assert!(chart.contains(">5 min · 20.4%</text>"), "{chart}");
    assert!(
        chart.contains(">Maria López (facilitator)</text>"),
        "{chart}"
    );
    assert!(
        chart.contains(">0 s · did not speak</text>"),
        "the silent co-facilitator"
    );
    assert!(chart.contains("<title>Ana R.: 5 min in 2 turns, 20.4% of all talk</title>"));
}

#[test]
fn the_swimlane_has_every_turn_break_segment_and_moment() {
    let facts = facts_with(false);
    let note = html(&facts);
    let chart = svg(&note, "timeline-chart");
    let turns: usize = facts
        .timeline
        .lanes
        .iter()
        .map(|lane| lane.turns.len())
        .sum();
    assert_eq!(chart.matches("<rect class=\"turn ").count(), turns);
    assert_eq!(turns, 9);
    assert!(
        chart.contains("<title>Ana R. · 18:02–18:05 (3 min)</title>"),
        "{chart}"
    );
    assert_eq!(chart.matches("class=\"break-band\"").count(), 1);
    assert!(chart.contains("<title>Break 18:15–18:25 (10 min)</title>"));
    assert!(chart.contains("<title>check-in — from 18:00</title>"));
    assert_eq!(chart.matches("<text class=\"mark ").count(), 3);
    assert!(chart.contains(
        ">▲<title>18:26 · risk · elevated · Ben T. — “Said he has not slept; will call him after group”</title>"
    ), "{chart}");
    assert!(chart.contains(">18:00</text>") && chart.contains(">18:40</text>"));
    assert!(chart.contains(">Moments</text>"));
}

#[test]
fn each_member_entry_is_a_page_of_its_own() {
    let facts = facts_with(false);
    let note = html(&facts);
    assert_eq!(
        note.matches("<section class=\"entry\"").count(),
        facts.members.len()
    );
    assert!(note.contains("section.entry { break-before: page;"));
    assert!(note.contains("@page {\n  size: A4;"));
    assert!(note.contains(
        "<p class=\"entry-of\">Thursday Parents — session 4 of 8 — 2026-11-23 · individual entry</p>"
    ));
}

#[test]
fn the_sign_off_has_lines_to_sign() {
    let note = html(&facts_with(false));
    let sign_off = &note[position(&note, "<section id=\"sign-off\"")..];
    assert_eq!(sign_off.matches("<td class=\"line\"></td>").count(), 7);
    assert!(sign_off.contains("<th scope=\"row\">Supervisor (co-signed)</th>"));
    assert!(sign_off.contains("<td>Maria López</td>"));
}

#[test]
fn a_redacted_note_holds_no_full_name_even_in_the_charts() {
    let note = html(&facts_with(true));
    for full in ["Ana Ruiz", "Ben Tal", "Cy Dunn", "Maria López", "Sam Lee"] {
        assert!(!note.contains(full), "{full} in the redacted note");
    }
    let bars = svg(&note, "talk-chart");
    assert!(bars.contains(">M.L. (facilitator)</text>"), "{bars}");
    let lanes = svg(&note, "timeline-chart");
    assert!(
        lanes.contains("<title>M.L. · 18:00–18:02 (1 min 30 s)</title>"),
        "{lanes}"
    );
}

#[test]
fn one_members_page_has_no_chart_and_no_other_member() {
    let facts = facts_with(false);
    let Some(ben) = facts.member(&fixture::id("ben")) else {
        panic!("no entry for ben");
    };
    let page = member_html(&facts, ben);
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(!page.contains("<svg"), "{page}");
    assert!(!page.contains("<table class=\"speakers\""), "{page}");
    assert!(page.contains("Sign-off of this entry"), "{page}");
    assert!(
        page.contains("<h2 id=\"entry-name\">Ben Tal — no record number in the roster</h2>"),
        "{page}"
    );
    for other in ["Ana", "Cy"] {
        assert!(!page.contains(other), "{other} in Ben's page:\n{page}");
    }
}

#[test]
fn a_session_without_events_says_so_instead_of_drawing_nothing() {
    let session = session_with(vec![]);
    let facts = NoteFacts::gather(&fixture::group(), &session, NoteOptions::default(), at(0));
    let note = html(&facts);
    assert!(note.contains("No events were logged."));
    assert!(note.contains("there is no talk time to chart"));
    assert!(note.contains("there is no timeline to draw"));
    assert!(!note.contains("<svg"));
}

#[test]
fn a_session_without_talk_still_draws_its_time() {
    let session = session_with(vec![(
        60,
        Author::Facilitator,
        EventKind::Segment("check-in".into()),
    )]);
    let facts = NoteFacts::gather(&fixture::group(), &session, NoteOptions::default(), at(600));
    let note = html(&facts);
    assert!(!note.contains("<svg id=\"talk-chart\""));
    let chart = svg(&note, "timeline-chart");
    assert!(chart.contains("nobody took turns"), "{chart}");
    assert!(note.contains("<strong>This session has not ended.</strong>"));
}

#[test]
fn a_theme_has_its_heading_and_its_mark_on_the_timeline() {
    use crate::model::MomentKind;
    let session = session_with(vec![
        (
            10,
            Author::Facilitator,
            fixture::moment(MomentKind::Theme, &[], Some("fear of relapse")),
        ),
        (60, Author::Facilitator, EventKind::Ended),
    ]);
    let page = html(&NoteFacts::gather(
        &fixture::group(),
        &session,
        NoteOptions {
            names: NameStyle::Alias,
            redact: false,
        },
        at(120),
    ));
    assert!(
        page.contains("<li>Themes the group worked on: “fear of relapse” (18:00)</li>"),
        "{page}"
    );
    assert!(page.contains("class=\"mark mark-theme\""), "{page}");
    assert!(page.contains("moments marked: 1 theme"), "{page}");
}

#[test]
fn every_family_the_timeline_marks_has_a_colour_in_the_style_sheet() {
    use crate::model::MomentFamily;
    let css = include_str!("style.css");
    for family in MomentFamily::ALL
        .iter()
        .filter(|family| family.on_timeline())
    {
        let rule = format!("svg .mark-{} {{ fill:", family.export_name());
        assert!(css.contains(&rule), "{rule} missing from style.css");
    }
}

#[test]
fn markdown_turned_into_html_keeps_raw_html_as_text() {
    // A template's `|safe` could let raw HTML through; the page shows it as text.
    let facts = facts_with(false);
    let page = super::from_markdown(
        &facts.header,
        "# Title\n\n<script>alert(1)</script>\n\nsome <b>bold</b> words\n",
    );
    assert!(page.contains("<h1>Title</h1>"), "{page}");
    assert!(
        !page.contains("<script>") && !page.contains("<b>"),
        "{page}"
    );
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
}
