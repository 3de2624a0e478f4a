//! A horizontal bar chart of talk time: one bar per row of the participation
//! table (members, facilitators, crosstalk), each labelled with the name,
//! the role where it is not a member, the talk time and the share of all talk.
//!
//! Bars are scaled to the longest talk time so that the differences show;
//! the values are written beside every bar so that nothing has to be read
//! off the scale, and the role is written beside the name so that the
//! colour only repeats it.

use super::{escape_attr, escape_html, fit, role_class, role_words};
use crate::note::display::{percent, talk_time};
use crate::note::facts::{Millis, ParticipationFacts, SpeakerRow};
use std::fmt::Write as _;

/// Drawn to fill the column; 800 wide keeps the text a readable size when
/// an A4 page scales the chart down to about 680 px.
const WIDTH: f64 = 800.0;
/// Names end here, right-aligned next to their bars.
const NAME_RIGHT: f64 = 220.0;
const BAR_X: f64 = 232.0;
/// Room right of the longest bar for its value.
const VALUE_ROOM: f64 = 140.0;
const BAR_MAX: f64 = WIDTH - BAR_X - VALUE_ROOM;
const ROW: f64 = 30.0;
const BAR: f64 = 18.0;
const TOP: f64 = 8.0;
/// The scale under the bars.
const AXIS: f64 = 30.0;
/// About how many characters of a 13px label fit left of the bars.
const NAME_CHARS: usize = 30;

/// The chart in a `<figure>` with its caption, or a sentence when nobody
/// held the floor (a chart of nothing would only look broken).
pub fn figure(facts: &ParticipationFacts) -> String {
    if facts.all_talk <= 0 || facts.speakers.is_empty() {
        return "<p class=\"muted\">Nobody held the floor: there is no talk time to chart.</p>\n"
            .into();
    }
    // The key names only the roles drawn, in the order they are drawn.
    let mut key: Vec<&str> = Vec::new();
    for row in &facts.speakers {
        let class = role_class(row.role);
        if !key.contains(&class) {
            key.push(class);
        }
    }
    let key: Vec<String> = key
        .into_iter()
        .map(|class| {
            let words = match class {
                "member" => "member",
                "facilitator" => "facilitator",
                _ => "several at once",
            };
            format!("<span class=\"swatch {class}\"></span> {words}")
        })
        .collect();
    format!(
        "<figure id=\"talk-figure\">\n{}<figcaption>Talk time per person, with each person's share \
         of all talk (members, facilitators and crosstalk together make 100%). Bars are drawn to \
         the scale below; colour only repeats the role written beside each name: {}.</figcaption>\n\
         </figure>\n",
        chart(&facts.speakers),
        key.join(", ")
    )
}

fn chart(rows: &[SpeakerRow]) -> String {
    let longest = rows.iter().map(|row| row.talk).max().unwrap_or(0).max(1);
    let step = scale_step(longest);
    // The scale runs to the first step past the longest talk, so the
    // longest bar ends before the last grid line.
    let scale_end = ((longest + step - 1) / step).max(1) * step;
    let x = |talk: Millis| BAR_X + BAR_MAX * talk as f64 / scale_end as f64;
    let height = TOP + ROW * rows.len() as f64 + AXIS;
    let plot_bottom = TOP + ROW * rows.len() as f64;

    let summary: Vec<String> = rows.iter().map(spoken).collect();
    let mut svg = format!(
        "<svg id=\"talk-chart\" role=\"img\" \
         aria-label=\"Bar chart: talk time per person\" aria-describedby=\"talk-chart-desc\" \
         viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" \
         preserveAspectRatio=\"xMinYMin meet\">\n\
         <title id=\"talk-chart-title\">Talk time per person</title>\n\
         <desc id=\"talk-chart-desc\">{}</desc>\n",
        escape_html(&summary.join("; "))
    );

    // The scale first, so that bars are drawn over its grid lines.
    svg.push_str("<g class=\"scale\" aria-hidden=\"true\">\n");
    let mut tick = 0;
    while tick <= scale_end {
        let at = x(tick);
        let _ = writeln!(
            svg,
            "<line class=\"grid\" x1=\"{at:.1}\" y1=\"{TOP}\" x2=\"{at:.1}\" y2=\"{plot_bottom}\"/>\
             <text class=\"small\" x=\"{at:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            plot_bottom + 16.0,
            minutes_label(tick)
        );
        tick += step;
    }
    let _ = writeln!(
        svg,
        "<line class=\"axis\" x1=\"{BAR_X}\" y1=\"{plot_bottom}\" x2=\"{:.1}\" y2=\"{plot_bottom}\"/>\n</g>",
        x(scale_end)
    );

    for (index, row) in rows.iter().enumerate() {
        let top = TOP + ROW * index as f64;
        let bar_top = top + (ROW - BAR) / 2.0;
        let baseline = bar_top + BAR / 2.0 + 4.5;
        let width = x(row.talk) - BAR_X;
        let label = match role_words(row.role) {
            Some(role) => format!("{} ({role})", row.name),
            None => row.name.clone(),
        };
        let value = if row.turns == 0 {
            format!("{} · did not speak", talk_time(row.talk))
        } else {
            format!(
                "{} · {}",
                talk_time(row.talk),
                row.share_of_all_talk.map_or_else(|| "—".into(), percent)
            )
        };
        let _ = write!(
            svg,
            "<g class=\"row\" data-role=\"{role}\">\n\
             <text class=\"label\" x=\"{NAME_RIGHT}\" y=\"{baseline:.1}\" text-anchor=\"end\">{name}</text>\n\
             <rect class=\"bar {role}\" x=\"{BAR_X}\" y=\"{bar_top:.1}\" width=\"{width:.1}\" height=\"{BAR}\" rx=\"2\">\
             <title>{title}</title></rect>\n\
             <text class=\"value\" x=\"{:.1}\" y=\"{baseline:.1}\">{value}</text>\n</g>\n",
            BAR_X + width + 6.0,
            role = escape_attr(role_class(row.role)),
            name = escape_html(&fit(&label, NAME_CHARS)),
            title = escape_html(&spoken(row)),
            value = escape_html(&value),
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// One person's figures in a sentence, for the tooltip and for readers who
/// hear the chart rather than see it.
fn spoken(row: &SpeakerRow) -> String {
    let who = match role_words(row.role) {
        Some(role) => format!("{} ({role})", row.name),
        None => row.name.clone(),
    };
    if row.turns == 0 {
        return format!("{who}: did not speak");
    }
    format!(
        "{who}: {} in {} {}, {} of all talk",
        talk_time(row.talk),
        row.turns,
        if row.turns == 1 { "turn" } else { "turns" },
        row.share_of_all_talk.map_or_else(|| "—".into(), percent)
    )
}

/// A round step for the scale that gives at most six grid lines.
fn scale_step(longest: Millis) -> Millis {
    const MINUTE: Millis = 60_000;
    [1, 2, 5, 10, 15, 20, 30, 60, 120]
        .into_iter()
        .map(|minutes| minutes * MINUTE)
        .find(|step| longest / step < 6)
        // Longer than a day (a record the loader now refuses, but never without
        // bound): a multiple of 4 hours, still about 6 steps.
        .unwrap_or_else(|| (longest / 6 / (240 * MINUTE) + 1) * 240 * MINUTE)
}

fn minutes_label(millis: Millis) -> String {
    match millis / 60_000 {
        0 => "0".into(),
        minutes => format!("{minutes} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_has_round_steps_and_few_lines() {
        assert_eq!(scale_step(30_000), 60_000);
        assert_eq!(scale_step(4 * 60_000), 60_000);
        assert_eq!(scale_step(9 * 60_000), 2 * 60_000);
        assert_eq!(scale_step(25 * 60_000), 5 * 60_000);
        assert_eq!(scale_step(100 * 60_000), 20 * 60_000);
        assert_eq!(minutes_label(0), "0");
        assert_eq!(minutes_label(300_000), "5 min");
    }
}
