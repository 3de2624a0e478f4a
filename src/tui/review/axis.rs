//! What part of the session is in view, and how it maps onto columns: zoom
//! levels from the whole session to one minute across the width, scrolling,
//! the time axis's labels (which never overlap), and each lane's cells.

use super::timeline::{Lane, Millis, MomentMark, Passage, Span};
use crate::model::MomentFamily;

const MINUTE: Millis = 60_000;

/// The spans across the width after "the whole session", widest first.
pub const ZOOMS: [Millis; 8] = [
    120 * MINUTE,
    60 * MINUTE,
    30 * MINUTE,
    20 * MINUTE,
    10 * MINUTE,
    5 * MINUTE,
    2 * MINUTE,
    MINUTE,
];

/// Tick steps the axis may use, finest first.
const STEPS: [Millis; 14] = [
    10_000,
    15_000,
    30_000,
    MINUTE,
    2 * MINUTE,
    5 * MINUTE,
    10 * MINUTE,
    15 * MINUTE,
    30 * MINUTE,
    60 * MINUTE,
    120 * MINUTE,
    180 * MINUTE,
    360 * MINUTE,
    720 * MINUTE,
];

/// The window onto the session: a zoom level and where it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Viewport {
    /// 0 is the whole session; then the entries of `levels` in turn.
    pub zoom: usize,
    pub start: Millis,
}

/// The spans the zoom levels show for a session of this length: the whole
/// session (at least a minute), then every level of [`ZOOMS`] narrower than it.
pub fn levels(length: Millis) -> Vec<Millis> {
    let whole = length.max(MINUTE);
    std::iter::once(whole)
        .chain(ZOOMS.into_iter().filter(|&span| span < whole))
        .collect()
}

/// "whole session", "10 min", "1 min".
pub fn zoom_label(zoom: usize, length: Millis) -> String {
    if zoom == 0 {
        return "whole".into();
    }
    let span = levels(length).get(zoom).copied().unwrap_or(MINUTE);
    if span >= 60 * MINUTE {
        format!("{} h", span / (60 * MINUTE))
    } else {
        format!("{} min", span / MINUTE)
    }
}

impl Viewport {
    pub fn span(&self, length: Millis) -> Millis {
        let levels = levels(length);
        levels
            .get(self.zoom)
            .or(levels.last())
            .copied()
            .unwrap_or(MINUTE)
    }

    fn clamped(mut self, length: Millis) -> Viewport {
        let levels = levels(length).len();
        self.zoom = self.zoom.min(levels - 1);
        let latest = (length - self.span(length)).max(0);
        self.start = self.start.clamp(0, latest);
        self
    }

    /// Zoom to `zoom`, keeping `focus` (the cursor) where it was on screen,
    /// or in the middle when it was out of view.
    pub fn zoom_to(self, zoom: usize, focus: Millis, length: Millis) -> Viewport {
        let span = self.span(length);
        let within = if (self.start..self.start + span).contains(&focus) {
            (focus - self.start) as f64 / span as f64
        } else {
            0.5
        };
        let next = Viewport { zoom, ..self }.clamped(length);
        let new_span = next.span(length);
        Viewport {
            start: focus - (within * new_span as f64) as Millis,
            ..next
        }
        .clamped(length)
    }

    /// `+`: one level closer.
    pub fn zoom_in(self, focus: Millis, length: Millis) -> Viewport {
        self.zoom_to(self.zoom + 1, focus, length)
    }

    /// `-`: one level further out.
    pub fn zoom_out(self, focus: Millis, length: Millis) -> Viewport {
        self.zoom_to(self.zoom.saturating_sub(1), focus, length)
    }

    /// `z`: the next level, back to the whole session after the closest.
    pub fn cycle(self, focus: Millis, length: Millis) -> Viewport {
        let next = (self.zoom + 1) % levels(length).len();
        self.zoom_to(next, focus, length)
    }

    /// Moves by `tenths` of the span (a wheel notch is one, a page nine).
    pub fn scroll(self, tenths: i64, length: Millis) -> Viewport {
        let span = self.span(length);
        Viewport {
            start: self.start + span * tenths / 10,
            ..self
        }
        .clamped(length)
    }

    pub fn home(self) -> Viewport {
        Viewport { start: 0, ..self }
    }

    pub fn end(self, length: Millis) -> Viewport {
        Viewport {
            start: length,
            ..self
        }
        .clamped(length)
    }

    /// Scrolls as little as needed to bring `at` into view.
    pub fn reveal(self, at: Millis, length: Millis) -> Viewport {
        let span = self.span(length);
        let start = if at < self.start {
            at - span / 10
        } else if at >= self.start + span {
            at - span * 9 / 10
        } else {
            self.start
        };
        Viewport { start, ..self }.clamped(length)
    }

    /// The stretch column `column` of `width` covers.
    pub fn column(&self, column: usize, width: usize, length: Millis) -> Span {
        let span = self.span(length);
        let width = width.max(1) as i64;
        let column = column as i64;
        Span {
            start: self.start + span * column / width,
            end: self.start + span * (column + 1) / width,
        }
    }

    /// The column `at` falls in, if it is in view.
    pub fn column_of(&self, at: Millis, width: usize, length: Millis) -> Option<usize> {
        let span = self.span(length);
        // The end itself (the `Ended` event) shows in the last column.
        if at == length && self.start + span >= length && width > 0 && at >= self.start {
            return Some(width - 1);
        }
        if width == 0 || at < self.start || at >= self.start + span {
            return None;
        }
        usize::try_from((at - self.start) * width as i64 / span).ok()
    }
}

/// Labels of the time axis: (column, text), left to right, each inside the
/// width and at least one blank column from the next. `clock_of_start` is the
/// session's start in milliseconds since its local midnight, so ticks fall on
/// round clock times (18:10, not ten minutes after a 17:58 start).
pub fn axis_labels(
    viewport: &Viewport,
    width: usize,
    length: Millis,
    clock_of_start: Millis,
) -> Vec<(usize, String)> {
    let span = viewport.span(length);
    let Some(&step) = STEPS.iter().find(|&&step| {
        let len = if step < MINUTE { 8 } else { 5 };
        // Rounding down can bring two columns one closer than the step.
        step * width as i64 / span >= len + 2
    }) else {
        return Vec::new();
    };
    let first = viewport.start + clock_of_start;
    let mut tick = (first + step - 1).div_euclid(step) * step;
    let mut labels = Vec::new();
    while tick - clock_of_start < viewport.start + span {
        let at = tick - clock_of_start;
        let day = tick.rem_euclid(24 * 60 * MINUTE) / 1000;
        let text = if step < MINUTE {
            format!("{:02}:{:02}:{:02}", day / 3600, day / 60 % 60, day % 60)
        } else {
            format!("{:02}:{:02}", day / 3600, day / 60 % 60)
        };
        if let Some(column) = viewport.column_of(at, width, length)
            && column + text.len() <= width
        {
            labels.push((column, text));
        }
        tick += step;
    }
    labels
}

/// One column of a lane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    Empty,
    /// Someone held the floor during (part of) the column.
    Talk,
    /// The group was on a break (hatched).
    Break,
    Passage(Passage),
}

/// True when some span of `spans` (sorted, not overlapping) meets `column`.
fn meets<T>(items: &[T], column: Span, span: impl Fn(&T) -> Span) -> bool {
    let first = items.partition_point(|item| span(item).end <= column.start);
    items
        .get(first)
        .is_some_and(|item| span(item).start < column.end.max(column.start + 1))
}

/// The cells of a lane across `width` columns. A passage wins over talk,
/// talk over a break.
pub fn lane_cells(
    lane: &Lane,
    breaks: &[Span],
    viewport: &Viewport,
    width: usize,
    length: Millis,
) -> Vec<Cell> {
    let mut cells: Vec<Cell> = (0..width)
        .map(|column| {
            let column = viewport.column(column, width, length);
            if meets(&lane.turns, column, |turn| Span {
                start: turn.start,
                end: turn.end,
            }) {
                Cell::Talk
            } else if meets(breaks, column, |span| *span) {
                Cell::Break
            } else {
                Cell::Empty
            }
        })
        .collect();
    for (at, passage, _) in &lane.passages {
        if let Some(column) = viewport.column_of(*at, width, length) {
            cells[column] = Cell::Passage(*passage);
        }
    }
    cells
}

/// How urgent a family is when several moments share a column: risk first,
/// then conflict, then the others as listed.
fn urgency(family: MomentFamily) -> usize {
    match family {
        MomentFamily::Risk => 0,
        MomentFamily::Conflict => 1,
        MomentFamily::Norm => 2,
        MomentFamily::MutualAid => 3,
        MomentFamily::Intervention => 4,
        MomentFamily::Observation => 5,
        MomentFamily::Theme => 6,
        MomentFamily::Plan => 7,
        MomentFamily::Note => 8,
        MomentFamily::Bookmark => 9,
        MomentFamily::Task => 10,
    }
}

/// The moments lane: in each column, the most urgent moment in it (its
/// entry and family) and how many share the column.
pub fn moment_cells(
    moments: &[MomentMark],
    viewport: &Viewport,
    width: usize,
    length: Millis,
) -> Vec<Option<(MomentMark, usize)>> {
    let mut cells: Vec<Option<(MomentMark, usize)>> = vec![None; width];
    let span = viewport.span(length);
    let first = moments.partition_point(|mark| mark.at < viewport.start);
    for mark in moments[first..]
        .iter()
        .take_while(|mark| mark.at < viewport.start + span)
    {
        let Some(column) = viewport.column_of(mark.at, width, length) else {
            continue;
        };
        cells[column] = Some(match cells[column] {
            None => (*mark, 1),
            Some((kept, count)) if urgency(kept.family) <= urgency(mark.family) => {
                (kept, count + 1)
            }
            Some((_, count)) => (*mark, count + 1),
        });
    }
    cells
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::tui::review::timeline::Turn;

    const HOUR: Millis = 60 * MINUTE;

    #[test]
    fn zoom_runs_from_the_whole_session_to_one_minute() {
        let length = 88 * MINUTE;
        let spans = levels(length);
        assert_eq!(spans.first(), Some(&length));
        assert_eq!(spans.last(), Some(&MINUTE));
        assert!(spans.windows(2).all(|pair| pair[0] > pair[1]));
        let mut view = Viewport::default();
        for _ in 0..20 {
            view = view.zoom_in(0, length);
        }
        assert_eq!(view.span(length), MINUTE, "+ stops at one minute");
        for _ in 0..20 {
            view = view.zoom_out(0, length);
        }
        assert_eq!(view.zoom, 0, "- stops at the whole session");
        let mut seen = vec![];
        for _ in 0..spans.len() {
            view = view.cycle(0, length);
            seen.push(view.span(length));
        }
        assert_eq!(seen.last(), Some(&length), "z comes back round");
        assert_eq!(zoom_label(0, length), "whole");
        assert_eq!(zoom_label(spans.len() - 1, length), "1 min");
    }

    #[test]
    fn zooming_keeps_the_cursor_in_view_and_scrolling_stays_inside_the_session() {
        let length = 90 * MINUTE;
        let focus = 47 * MINUTE;
        let mut view = Viewport::default();
        for _ in 0..8 {
            view = view.zoom_in(focus, length);
            let span = view.span(length);
            assert!(view.start <= focus && focus < view.start + span, "{view:?}");
        }
        let view = view.scroll(-1000, length);
        assert_eq!(view.start, 0);
        let view = view.scroll(1000, length);
        assert_eq!(view.start + view.span(length), length);
        assert_eq!(view.home().start, 0);
        assert_eq!(view.home().end(length), view);
        let revealed = view.home().reveal(80 * MINUTE, length);
        assert!(revealed.column_of(80 * MINUTE, 80, length).is_some());
    }

    #[test]
    fn the_whole_session_is_across_the_width() {
        let length = 88 * MINUTE;
        let view = Viewport::default();
        assert_eq!(view.column_of(0, 80, length), Some(0));
        assert_eq!(view.column_of(length - 1, 80, length), Some(79));
        assert_eq!(view.column(79, 80, length).end, length);
    }

    #[test]
    fn axis_labels_never_overlap_nor_leave_the_width() {
        let clock_of_start = 18 * HOUR - 2 * MINUTE - 7_000;
        for length in [
            0,
            40_000,
            7 * MINUTE,
            88 * MINUTE,
            3 * HOUR + 17_000,
            11 * HOUR,
        ] {
            for width in (1..=220).step_by(3) {
                for zoom in 0..levels(length).len() {
                    for start_step in 0..7 {
                        let view = Viewport {
                            zoom,
                            start: length * start_step / 6,
                        }
                        .clamped(length);
                        let labels = axis_labels(&view, width, length, clock_of_start);
                        for (column, text) in &labels {
                            assert!(column + text.len() <= width, "{width} {view:?} {labels:?}");
                        }
                        for pair in labels.windows(2) {
                            assert!(
                                pair[0].0 + pair[0].1.len() < pair[1].0,
                                "overlap at width {width}, {view:?}: {labels:?}"
                            );
                        }
                        if width >= 40 {
                            assert!(!labels.is_empty(), "{width} {length} {view:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn axis_labels_fall_on_round_clock_times() {
        let view = Viewport::default();
        let labels = axis_labels(&view, 80, 88 * MINUTE, 18 * HOUR);
        let texts: Vec<&str> = labels.iter().map(|(_, text)| text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "18:00", "18:10", "18:20", "18:30", "18:40", "18:50", "19:00", "19:10", "19:20"
            ]
        );
        assert_eq!(labels[0].0, 0);
        let minute = Viewport {
            zoom: levels(88 * MINUTE).len() - 1,
            start: 30 * MINUTE,
        };
        let labels = axis_labels(&minute, 80, 88 * MINUTE, 18 * HOUR);
        assert_eq!(labels[0], (0, "18:30:00".to_string()));
        assert_eq!(labels[1].1, "18:30:10");
    }

    #[test]
    fn lane_cells_show_talk_breaks_and_passages() {
        let lane = Lane {
            holder: crate::model::Floor::Facilitator,
            turns: vec![
                Turn {
                    start: 0,
                    end: 10_000,
                    entry: 0,
                },
                Turn {
                    start: 50_000,
                    end: 50_100,
                    entry: 1,
                },
            ],
            passages: vec![(90_000, super::Passage::Left, 2)],
        };
        let breaks = [Span {
            start: 20_000,
            end: 40_000,
        }];
        let view = Viewport::default();
        let cells = lane_cells(&lane, &breaks, &view, 10, 100_000);
        use Cell::*;
        assert_eq!(
            cells,
            [
                Talk,
                Empty,
                Break,
                Break,
                Empty,
                Talk,
                Empty,
                Empty,
                Empty,
                Cell::Passage(super::Passage::Left)
            ],
            "a 0.1 s turn still shows"
        );
    }

    #[test]
    fn a_column_of_moments_shows_the_most_urgent() {
        let mark = |at, family| MomentMark {
            at,
            family,
            entry: 0,
        };
        let moments = [
            mark(1_000, MomentFamily::Note),
            mark(2_000, MomentFamily::Risk),
            mark(3_000, MomentFamily::MutualAid),
            mark(55_000, MomentFamily::Norm),
        ];
        let cells = moment_cells(&moments, &Viewport::default(), 6, 60_000);
        let (first, count) = cells[0].unwrap();
        assert_eq!((first.family, count), (MomentFamily::Risk, 3));
        assert_eq!(cells[5].unwrap().0.family, MomentFamily::Norm);
        assert!(cells[1..5].iter().all(Option::is_none));
    }
}
