//! The session laid out in time, as a swimlane: one lane per holder who
//! took a turn, each turn a bar placed by its time from the start; breaks
//! shaded across every lane; a dashed line where each agenda segment began;
//! and a lane of moments, each a symbol (⚑ norm, ↯ conflict, ♥ mutual aid,
//! ◆ intervention, ▲ risk) with its details in a tooltip. A time axis with a
//! tick every 5 or 10 minutes of the wall clock runs underneath.
//!
//! Time runs on the wall clock, breaks included, so that the chart lines up
//! with the clock times written everywhere else in the note.

use super::{escape_attr, escape_html, fit, role_class, role_words};
use crate::model::MomentFamily;
use crate::model::Timestamp;
use crate::note::display::{clock_time, hour_minute, talk_time};
use crate::note::facts::{Millis, MomentMark, NoteFacts, SpeakerRole, TurnLane, TurnSpan};
use chrono::Timelike;
use std::fmt::Write as _;

/// As wide as the bar chart, so both scale alike in print.
const WIDTH: f64 = 800.0;
/// Lane names end here, right-aligned next to their lanes.
const LABEL_RIGHT: f64 = 204.0;
const PLOT_X: f64 = 214.0;
const PLOT_WIDTH: f64 = WIDTH - 15.0 - PLOT_X;
/// The band on top that names the agenda segments.
const SEGMENT_BAND: f64 = 24.0;
const LANE: f64 = 24.0;
const TURN: f64 = 16.0;
const MARK_ROW: f64 = 18.0;
/// Moments closer than this (in px) go on separate rows, up to
/// `MARK_ROWS`; beyond that they overlap, and their tooltips still tell them apart.
const MARK_GAP: f64 = 14.0;
const MARK_ROWS: usize = 4;
const AXIS: f64 = 30.0;
/// About how many characters of a 13px name fit left of the lanes.
const LABEL_CHARS: usize = 28;
/// Room a tick's time needs, with a gap to the next.
const TICK_LABEL_ROOM: f64 = 40.0;
/// The most ticks the time axis has (a week at 30-minute ticks has 336).
const MAX_TICKS: Millis = 400;
/// About how wide a character of the 11px segment names is.
const SMALL_CHAR: f64 = 6.4;

pub fn figure(facts: &NoteFacts) -> String {
    let timeline = &facts.timeline;
    if timeline.span <= 0 {
        return "<p class=\"muted\">The session has no length yet: there is no timeline to draw.</p>\n"
            .into();
    }
    format!(
        "<figure id=\"timeline-figure\">\n{}<figcaption>Turns and moments over time, from {} to {}. \
         Each bar is a turn, or turns too close together to tell apart at this scale<span class=\"screen-only\">; hover over a bar or a symbol for its \
         times and details</span>.\n\
         <ul class=\"legend\">\
         <li><span aria-hidden=\"true\">⚑</span> norm</li>\
         <li><span aria-hidden=\"true\">↯</span> conflict</li>\
         <li><span aria-hidden=\"true\">♥</span> mutual aid</li>\
         <li><span aria-hidden=\"true\">◆</span> intervention</li>\
         <li><span aria-hidden=\"true\">▲</span> risk</li>\
         <li><span class=\"swatch break\"></span> break</li>\
         <li>┆ dashed line: an agenda segment begins</li>\
         </ul></figcaption>\n</figure>\n",
        chart(facts),
        hour_minute(facts.header.started),
        hour_minute(facts.header.figures_until),
    )
}

/// Where things go, worked out once.
struct Layout {
    start: Timestamp,
    span: Millis,
    lanes_top: f64,
    marks_top: f64,
    mark_rows: usize,
    axis_y: f64,
    height: f64,
}

impl Layout {
    fn x(&self, offset: Millis) -> f64 {
        let offset = offset.clamp(0, self.span);
        PLOT_X + PLOT_WIDTH * offset as f64 / self.span as f64
    }

    fn at(&self, offset: Millis) -> Timestamp {
        crate::model::sanity::later_by(self.start, chrono::TimeDelta::milliseconds(offset))
    }

    fn offset(&self, at: Timestamp) -> Millis {
        (at - self.start).num_milliseconds()
    }
}

fn chart(facts: &NoteFacts) -> String {
    let timeline = &facts.timeline;
    let lanes_top = SEGMENT_BAND + 4.0;
    let marks_top = lanes_top + LANE * timeline.lanes.len() as f64 + 4.0;
    let mut layout = Layout {
        start: facts.header.started,
        span: timeline.span,
        lanes_top,
        marks_top,
        mark_rows: 1,
        axis_y: 0.0,
        height: 0.0,
    };
    let marks = place_marks(&layout, &timeline.moments);
    layout.mark_rows = marks.iter().map(|(_, row)| row + 1).max().unwrap_or(1);
    layout.axis_y = marks_top + MARK_ROW * layout.mark_rows as f64 + 8.0;
    layout.height = layout.axis_y + AXIS;

    let mut svg = format!(
        "<svg id=\"timeline-chart\" role=\"img\" \
         aria-label=\"Timeline of turns and moments\" aria-describedby=\"timeline-chart-desc\" \
         viewBox=\"0 0 {WIDTH} {h}\" width=\"{WIDTH}\" height=\"{h}\" \
         preserveAspectRatio=\"xMinYMin meet\">\n\
         <title id=\"timeline-chart-title\">Turns and moments over time</title>\n\
         <desc id=\"timeline-chart-desc\">{}</desc>\n\
         <defs><pattern id=\"timeline-break-hatch\" width=\"6\" height=\"6\" \
         patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
         <rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>\
         <line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#9a9a9a\" stroke-width=\"2\"/>\
         </pattern></defs>\n",
        escape_html(&summary(facts)),
        h = layout.height,
    );
    svg.push_str(&lane_backgrounds(&layout, &timeline.lanes));
    svg.push_str(&axis(&layout));
    svg.push_str(&breaks(&layout, facts));
    for (index, lane) in timeline.lanes.iter().enumerate() {
        svg.push_str(&turns(&layout, index, lane));
    }
    svg.push_str(&segments(&layout, facts));
    svg.push_str(&moment_marks(&layout, &timeline.moments, &marks));
    svg.push_str("</svg>\n");
    svg
}

/// The chart in words, for readers who hear it rather than see it.
fn summary(facts: &NoteFacts) -> String {
    let timeline = &facts.timeline;
    let people = timeline
        .lanes
        .iter()
        .filter(|lane| lane.role != SpeakerRole::Crosstalk)
        .count();
    let crosstalk = people < timeline.lanes.len();
    let mut parts = vec![format!(
        "From {} to {}: {} took turns{}",
        hour_minute(facts.header.started),
        hour_minute(facts.header.figures_until),
        match people {
            0 => "nobody".to_string(),
            1 => "one person".to_string(),
            many => format!("{many} people"),
        },
        if crosstalk {
            ", with some crosstalk"
        } else {
            ""
        }
    )];
    let counts: Vec<String> = MomentFamily::ALL
        .iter()
        .filter(|kind| kind.on_timeline())
        .filter_map(|kind| {
            let count = timeline
                .moments
                .iter()
                .filter(|mark| mark.kind == *kind)
                .count();
            (count > 0).then(|| format!("{count} {}", kind.name()))
        })
        .collect();
    parts.push(if counts.is_empty() {
        "no moments marked".into()
    } else {
        format!("moments marked: {}", counts.join(", "))
    });
    if !facts.header.breaks.is_empty() {
        parts.push(format!("{} break(s)", facts.header.breaks.len()));
    }
    let named = facts
        .agenda
        .segments
        .iter()
        .filter(|segment| !segment.before_first_segment)
        .count();
    if named > 0 {
        parts.push(format!("{named} agenda segment(s)"));
    }
    format!("{}.", parts.join("; "))
}

/// Striped lanes, with each holder's name (and role) at the left, and the
/// moments lane under them.
fn lane_backgrounds(layout: &Layout, lanes: &[TurnLane]) -> String {
    let mut svg = String::from("<g class=\"lanes\">\n");
    for (index, lane) in lanes.iter().enumerate() {
        let top = layout.lanes_top + LANE * index as f64;
        if index % 2 == 0 {
            let _ = writeln!(
                svg,
                "<rect class=\"lane-bg\" x=\"{PLOT_X}\" y=\"{top:.1}\" width=\"{PLOT_WIDTH:.1}\" height=\"{LANE}\"/>"
            );
        }
        let label = match role_words(lane.role) {
            Some(role) if lane.role != SpeakerRole::Crosstalk => format!("{} ({role})", lane.name),
            _ => lane.name.clone(),
        };
        let _ = writeln!(
            svg,
            "<text class=\"label\" x=\"{LABEL_RIGHT}\" y=\"{:.1}\" text-anchor=\"end\">{}<title>{}</title></text>",
            top + LANE / 2.0 + 4.5,
            escape_html(&fit(&label, LABEL_CHARS)),
            escape_html(&label)
        );
    }
    let rows_height = MARK_ROW * layout.mark_rows as f64 + 4.0;
    let _ = writeln!(
        svg,
        "<rect class=\"lane-bg\" x=\"{PLOT_X}\" y=\"{:.1}\" width=\"{PLOT_WIDTH:.1}\" height=\"{rows_height:.1}\"/>\
         <text class=\"label\" x=\"{LABEL_RIGHT}\" y=\"{:.1}\" text-anchor=\"end\">Moments</text>",
        layout.marks_top,
        layout.marks_top + MARK_ROW / 2.0 + 6.0
    );
    svg.push_str("</g>\n");
    svg
}

/// A tick every 5 minutes of the wall clock (10 past an hour, 30 past four),
/// each with a faint grid line up through the lanes.
fn axis(layout: &Layout) -> String {
    let minute: Millis = 60_000;
    let step = if layout.span <= 60 * minute {
        5 * minute
    } else if layout.span <= 240 * minute {
        10 * minute
    } else {
        30 * minute
    };
    // However long the span, at most `MAX_TICKS` ticks (a multiple of 30
    // minutes apart): the chart's size must not grow with it.
    let step = if layout.span / step > MAX_TICKS {
        (layout.span / MAX_TICKS / step + 1) * step
    } else {
        step
    };
    let time = layout.start.time();
    let since_midnight = Millis::from(time.num_seconds_from_midnight()) * 1000
        + Millis::from(time.nanosecond() / 1_000_000);
    let first = (step - since_midnight % step) % step;
    let mut svg = format!(
        "<g class=\"time-axis\">\n<line class=\"axis\" x1=\"{PLOT_X}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\"/>\n",
        PLOT_X + PLOT_WIDTH,
        y = layout.axis_y
    );
    // A label is about 30 px wide: on a long session, label every second
    // (or third) tick rather than let the times run into each other.
    let spacing = PLOT_WIDTH * step as f64 / layout.span as f64;
    let label_every = (TICK_LABEL_ROOM / spacing).ceil().max(1.0) as usize;
    let mut tick = first;
    while tick <= layout.span {
        let x = layout.x(tick);
        let _ = write!(
            svg,
            "<line class=\"grid\" x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\"/>\
             <line class=\"axis\" x1=\"{x:.1}\" y1=\"{y:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\"/>",
            layout.lanes_top,
            layout.axis_y,
            layout.axis_y + 5.0,
            y = layout.axis_y,
        );
        // Counted from midnight, so that the labelled ticks are round
        // times (18:00, 18:20, 18:40) and every whole hour is among them.
        let ticks_since_midnight = ((since_midnight + tick) / step) as usize;
        if ticks_since_midnight.is_multiple_of(label_every) {
            let _ = write!(
                svg,
                "<text class=\"small\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                layout.axis_y + 18.0,
                hour_minute(layout.at(tick))
            );
        }
        svg.push('\n');
        tick += step;
    }
    svg.push_str("</g>\n");
    svg
}

/// Breaks shaded across every lane, hatched so they show in grey print.
fn breaks(layout: &Layout, facts: &NoteFacts) -> String {
    let mut svg = String::from("<g class=\"breaks\">\n");
    for span in &facts.header.breaks {
        let from = layout.x(layout.offset(span.start));
        let until = span.end.unwrap_or(facts.header.figures_until);
        let to = layout.x(layout.offset(until));
        let width = (to - from).max(1.0);
        let height = layout.axis_y - layout.lanes_top;
        let words = match span.end {
            Some(end) if span.logging_stopped => format!(
                "Logging stopped {}, resumed {} ({})",
                clock_time(span.start),
                clock_time(end),
                talk_time(span.length)
            ),
            Some(end) => format!(
                "Break {}–{} ({})",
                clock_time(span.start),
                clock_time(end),
                talk_time(span.length)
            ),
            None => format!("Break from {}, still on", clock_time(span.start)),
        };
        let _ = writeln!(
            svg,
            "<rect class=\"break-band\" fill=\"url(#timeline-break-hatch)\" x=\"{from:.1}\" y=\"{:.1}\" \
             width=\"{width:.1}\" height=\"{height:.1}\"><title>{}</title></rect>",
            layout.lanes_top,
            escape_html(&words)
        );
        if width >= 40.0 {
            // On a white patch, as the hatching would swallow the word.
            let middle = from + width / 2.0;
            let _ = writeln!(
                svg,
                "<rect fill=\"#ffffff\" x=\"{:.1}\" y=\"{:.1}\" width=\"36\" height=\"15\"/>\
                 <text class=\"small break-label\" x=\"{middle:.1}\" y=\"{:.1}\" text-anchor=\"middle\">break</text>",
                middle - 18.0,
                layout.lanes_top + 3.0,
                layout.lanes_top + 14.0
            );
        }
    }
    svg.push_str("</g>\n");
    svg
}

fn turns(layout: &Layout, index: usize, lane: &TurnLane) -> String {
    let top = layout.lanes_top + LANE * index as f64 + (LANE - TURN) / 2.0;
    let class = role_class(lane.role);
    let name = escape_html(&lane.name);
    let mut svg = format!("<g class=\"lane\" data-role=\"{}\">\n", escape_attr(class));
    for bar in bars(layout, &lane.turns) {
        let what = if bar.turns == 1 {
            talk_time(bar.talk)
        } else {
            format!("{} turns, {}", bar.turns, talk_time(bar.talk))
        };
        let _ = writeln!(
            svg,
            "<rect class=\"turn {class}\" x=\"{:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{TURN}\">\
             <title>{name} · {}–{} ({what})</title></rect>",
            bar.x,
            bar.width,
            clock_time(layout.at(bar.start)),
            clock_time(layout.at(bar.end)),
        );
    }
    svg.push_str("</g>\n");
    svg
}

/// One bar of a lane: a turn, or turns that follow one another with less
/// than a pixel between them (one bar a reader could not tell from several).
#[derive(Debug, PartialEq)]
struct Bar {
    x: f64,
    width: f64,
    start: Millis,
    end: Millis,
    turns: usize,
    talk: Millis,
}

/// The lane's turns as bars: at most one per pixel of the plot, however long
/// the session, so that the chart's size follows its width, not its events.
fn bars(layout: &Layout, turns: &[TurnSpan]) -> Vec<Bar> {
    let mut bars: Vec<Bar> = Vec::new();
    for turn in turns {
        let x = layout.x(turn.start);
        // A turn of a second or two still shows as a sliver.
        let right = layout.x(turn.end).max(x + 1.0);
        match bars.last_mut() {
            Some(bar) if x - (bar.x + bar.width) < 1.0 => {
                bar.width = right.max(bar.x + bar.width) - bar.x;
                bar.end = bar.end.max(turn.end);
                bar.turns += 1;
                bar.talk += turn.length();
            }
            _ => bars.push(Bar {
                x,
                width: right - x,
                start: turn.start,
                end: turn.end,
                turns: 1,
                talk: turn.length(),
            }),
        }
    }
    bars
}

/// A dashed line where each named segment begins, its name in the band on
/// top, cut to fit before the next segment.
fn segments(layout: &Layout, facts: &NoteFacts) -> String {
    let mut svg = String::from("<g class=\"segments\">\n");
    let named: Vec<_> = facts
        .agenda
        .segments
        .iter()
        .filter(|segment| !segment.before_first_segment)
        .collect();
    for (index, segment) in named.iter().enumerate() {
        let x = layout.x(layout.offset(segment.start));
        let next = named.get(index + 1).map_or(PLOT_X + PLOT_WIDTH, |next| {
            layout.x(layout.offset(next.start))
        });
        let name = if segment.name.is_empty() {
            "(unnamed segment)".to_string()
        } else {
            segment.name.clone()
        };
        let words = format!("{name} — from {}", clock_time(segment.start));
        let _ = writeln!(
            svg,
            "<line class=\"segment-line\" x1=\"{x:.1}\" y1=\"4\" x2=\"{x:.1}\" y2=\"{:.1}\"><title>{}</title></line>",
            layout.axis_y,
            escape_html(&words)
        );
        let room = ((next - x - 8.0) / SMALL_CHAR).floor();
        if room >= 3.0 {
            let _ = writeln!(
                svg,
                "<text class=\"small segment-name\" x=\"{:.1}\" y=\"16\">{}<title>{}</title></text>",
                x + 4.0,
                escape_html(&fit(&name, room as usize)),
                escape_html(&words)
            );
        }
    }
    svg.push_str("</g>\n");
    svg
}

/// Each moment's row in the moments lane: the first row where it does not
/// touch the moment before it.
fn place_marks(layout: &Layout, marks: &[MomentMark]) -> Vec<(f64, usize)> {
    let mut row_ends = [f64::NEG_INFINITY; MARK_ROWS];
    marks
        .iter()
        .map(|mark| {
            let x = layout.x(mark.offset);
            let row = row_ends
                .iter()
                .position(|end| x - end >= MARK_GAP)
                .unwrap_or_else(|| {
                    // Every row is crowded here: overlap where the crowding
                    // is oldest, so the newest stays readable.
                    (0..MARK_ROWS)
                        .min_by(|a, b| row_ends[*a].total_cmp(&row_ends[*b]))
                        .unwrap_or(0)
                });
            row_ends[row] = x;
            (x, row)
        })
        .collect()
}

fn mark_class(kind: MomentFamily) -> String {
    format!("mark-{}", kind.export_name())
}

fn moment_marks(layout: &Layout, marks: &[MomentMark], placed: &[(f64, usize)]) -> String {
    let mut svg = String::from("<g class=\"moments\">\n");
    for (mark, (x, row)) in marks.iter().zip(placed) {
        let y = layout.marks_top + 4.0 + MARK_ROW * *row as f64 + 13.0;
        let mut words = format!("{} · {}", clock_time(mark.at), mark.label);
        if !mark.members.is_empty() {
            let _ = write!(words, " · {}", mark.members.join(", "));
        }
        if let Some(text) = &mark.text {
            let _ = write!(words, " — “{text}”");
        }
        let _ = writeln!(
            svg,
            "<text class=\"mark {}\" x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"middle\">{}<title>{}</title></text>",
            mark_class(mark.kind),
            mark.symbol,
            escape_html(&words)
        );
    }
    svg.push_str("</g>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::fixture::at;

    fn layout(span_minutes: i64) -> Layout {
        Layout {
            start: at(0),
            span: span_minutes * 60_000,
            lanes_top: 28.0,
            marks_top: 100.0,
            mark_rows: 1,
            axis_y: 130.0,
            height: 160.0,
        }
    }

    fn tick_labels(svg: &str) -> Vec<&str> {
        svg.split("text-anchor=\"middle\">")
            .skip(1)
            .filter_map(|rest| rest.split('<').next())
            .collect()
    }

    #[test]
    fn ticks_fall_on_round_minutes_of_the_wall_clock() {
        let mut late_start = layout(40);
        late_start.start = at(150); // 18:02:30
        assert_eq!(
            tick_labels(&axis(&late_start)),
            [
                "18:05", "18:10", "18:15", "18:20", "18:25", "18:30", "18:35", "18:40"
            ]
        );
        let long_axis = axis(&layout(180));
        assert_eq!(
            long_axis.matches("<line class=\"axis\"").count(),
            1 + 19,
            "the axis and a tick every 10 minutes"
        );
        assert_eq!(
            tick_labels(&long_axis),
            [
                "18:00", "18:20", "18:40", "19:00", "19:20", "19:40", "20:00", "20:20", "20:40",
                "21:00"
            ],
            "labels on every second tick, so that they do not touch"
        );
    }

    #[test]
    fn offsets_outside_the_session_stay_on_the_chart() {
        let layout = layout(40);
        assert_eq!(layout.x(-5_000), PLOT_X);
        assert_eq!(layout.x(99_999_999), PLOT_X + PLOT_WIDTH);
        assert_eq!(layout.x(20 * 60_000), PLOT_X + PLOT_WIDTH / 2.0);
    }

    #[test]
    fn crowded_moments_take_the_next_free_row() {
        let layout = layout(40);
        let mark = |seconds: i64| MomentMark {
            at: at(seconds),
            offset: seconds * 1000,
            kind: MomentFamily::Norm,
            symbol: "⚑",
            label: "norm".into(),
            members: vec![],
            text: None,
        };
        let marks: Vec<MomentMark> = [0, 1, 2, 3, 4, 5, 600, 601].into_iter().map(mark).collect();
        let rows: Vec<usize> = place_marks(&layout, &marks)
            .into_iter()
            .map(|(_, row)| row)
            .collect();
        assert_eq!(rows, [0, 1, 2, 3, 0, 1, 0, 1]);
    }

    #[test]
    fn turns_closer_than_a_pixel_are_one_bar_and_its_tooltip_counts_them() {
        // 40 minutes over the plot: a pixel is about 4 s.
        let layout = layout(40);
        let turn = |start: i64, end: i64| TurnSpan {
            start: start * 1000,
            end: end * 1000,
        };
        let lanes = [turn(0, 10), turn(11, 20), turn(300, 320), turn(321, 322)];
        let drawn = bars(&layout, &lanes);
        assert_eq!(drawn.len(), 2, "{drawn:?}");
        assert_eq!(
            (drawn[0].start, drawn[0].end, drawn[0].turns),
            (0, 20_000, 2)
        );
        assert_eq!(drawn[0].talk, 19_000, "talk is the turns', not the gap's");
        assert_eq!(
            (drawn[1].start, drawn[1].end, drawn[1].turns),
            (300_000, 322_000, 2)
        );
        let lane = TurnLane {
            name: "Ana R.".into(),
            role: SpeakerRole::Member,
            turns: lanes.to_vec(),
        };
        let svg = turns(&layout, 0, &lane);
        assert_eq!(svg.matches("<rect ").count(), 2);
        assert!(
            svg.contains("<title>Ana R. · 18:00–18:00 (2 turns, 19 s)</title>"),
            "{svg}"
        );
        // Far apart, each turn is its own bar, and a short one still shows.
        let apart = bars(&layout, &[turn(0, 1), turn(600, 601)]);
        assert_eq!(apart.len(), 2);
        assert!(apart.iter().all(|bar| bar.turns == 1 && bar.width >= 1.0));
    }

    #[test]
    fn a_lane_has_at_most_a_bar_per_pixel_however_many_turns() {
        let layout = layout(120);
        // 50,000 turns of a second, one every 1.4 s over two hours.
        let many: Vec<TurnSpan> = (0..50_000)
            .map(|i| TurnSpan {
                start: i * 1_400,
                end: i * 1_400 + 1_000,
            })
            .filter(|turn| turn.end <= 120 * 60_000)
            .collect();
        let drawn = bars(&layout, &many);
        assert!(drawn.len() as f64 <= PLOT_WIDTH, "{} bars", drawn.len());
        assert_eq!(
            drawn.iter().map(|bar| bar.turns).sum::<usize>(),
            many.len(),
            "every turn is in a bar"
        );
    }
}
