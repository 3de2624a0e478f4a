//! Draws the review: the title, the time axis, one lane per person, segments,
//! moments and the cursor above; the event list and the details below; the
//! status line (or the prompt, or the filter bar) and the keys.

use super::{Dialog, Purpose, Review};
use crate::model::{Author, EventKind, Floor, RecordEntry};
use crate::tui::keymap::Command;
use crate::tui::picker::Focus;
use crate::tui::review::cursor::{ChangeKind, Details, describe};
use crate::tui::review::{
    Cell, KindFilter, Passage, axis_labels, lane_cells, moment_cells, zoom_label,
};
use crate::tui::screens::Look;
use crate::tui::screens::live::picker_view::lines as picker_lines;
use crate::tui::screens::live::view::wrap_keys;
use crate::tui::text::{fit, truncate, width, wrap_words};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

fn author(by: Author) -> &'static str {
    by.label()
}

/// Short lane names, so the lanes keep the width.
fn lane_name(review: &Review, holder: &Floor, look: &Look) -> String {
    match holder {
        Floor::Facilitator => "Facil.".into(),
        Floor::CoFacilitator => "Co-facil.".into(),
        other => review.name(other, look.names),
    }
}

pub fn draw(look: &Look, review: &Review, frame: &mut Frame, area: Rect) {
    let timeline = &review.timeline;
    let lanes = timeline.lanes.len() as u16;
    // Title, axis, lanes, segments, moments, cursor, who was not there.
    let top = 1 + 1 + lanes + 3 + u16::from(!timeline.absent.is_empty());
    let bottom_bar = 1 + 2;
    let [title, timeline_area, lower, status, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(top - 1),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(bottom_bar - 1),
    ])
    .areas(area);
    draw_title(look, review, frame, title);
    if let Some(closing) = &review.closing {
        // The closing step's page takes the room of the lanes too: every row shows.
        let body = Rect {
            height: lower.bottom() - timeline_area.y,
            ..timeline_area
        };
        crate::tui::screens::live::form_view::draw(look, &review.group, &closing.form, frame, body);
        draw_status(look, review, frame, status);
        draw_keys(look, review, frame, keys);
        return;
    }
    draw_lanes(look, review, frame, timeline_area);
    if review.history {
        draw_details(look, review, frame, lower);
    } else {
        let list_width = (lower.width / 2).max(30).min(lower.width);
        let [list, details] =
            Layout::horizontal([Constraint::Length(list_width), Constraint::Min(0)]).areas(lower);
        draw_list(look, review, frame, list);
        draw_details(look, review, frame, details);
    }
    if let Some(dialog) = &review.dialog {
        // Over the bottom of the list: the event amended stays in view above it.
        draw_dialog(look, review, dialog, frame, lower);
    }
    match &review.prompt {
        // A one-key step lists its keys across the status line and the key bar.
        Some(prompt) if prompt.is_one_key() => {
            let (label, _) = prompt.label_and_text();
            let area = Rect {
                height: keys.bottom() - status.y,
                ..status
            };
            let cells = usize::from(area.width).saturating_sub(1);
            for (line, y) in wrap_words(&label, cells)
                .iter()
                .zip(area.top()..area.bottom())
            {
                put(
                    frame,
                    area,
                    y,
                    &Line::styled(format!(" {line}"), look.theme.key),
                );
            }
        }
        _ => {
            draw_status(look, review, frame, status);
            draw_keys(look, review, frame, keys);
        }
    }
}

fn put(frame: &mut Frame, area: Rect, y: u16, line: &Line) {
    if y < area.bottom() {
        frame.buffer_mut().set_line(area.x, y, line, area.width);
    }
}

fn draw_title(look: &Look, review: &Review, frame: &mut Frame, area: Rect) {
    let timeline = &review.timeline;
    let started = timeline.started;
    let end = timeline.time_at(timeline.length);
    let text = format!(
        " {} · s{} · {} {}–{} · {}",
        review.group.name,
        review.session.header.number,
        started.format("%Y-%m-%d"),
        started.format("%H:%M"),
        end.format("%H:%M"),
        if review.following() {
            "following"
        } else if signatures(review).is_empty() {
            "review"
        } else {
            "signed"
        },
    );
    let zoom = format!(
        "zoom {} ",
        zoom_label(review.nav.viewport.zoom, timeline.length)
    );
    let room = usize::from(area.width).saturating_sub(width(&zoom) + 1);
    let line = Line::from(vec![
        Span::styled(fit(&truncate(&text, room), room + 1), look.theme.title),
        Span::styled(zoom, look.theme.dim),
    ]);
    put(frame, area, area.y, &line);
}

/// Who signed the record, in which role: `Lee Park (co-facilitator)`.
fn signatures(review: &Review) -> Vec<String> {
    review
        .session
        .events
        .iter()
        .filter_map(|event| match &event.kind {
            EventKind::Record(RecordEntry::SignOff(sign)) => {
                Some(format!("{} ({})", sign.name, event.by.label()))
            }
            _ => None,
        })
        .collect()
}

fn draw_lanes(look: &Look, review: &Review, frame: &mut Frame, area: Rect) {
    let theme = look.theme;
    let timeline = &review.timeline;
    let viewport = &review.nav.viewport;
    let names: Vec<String> = timeline
        .lanes
        .iter()
        .map(|lane| lane_name(review, &lane.holder, look))
        .collect();
    let gutter = names
        .iter()
        .map(|name| width(name))
        .chain([width("moments")])
        .max()
        .unwrap_or(0)
        .min(12)
        + 2;
    let columns = usize::from(area.width).saturating_sub(gutter);
    let length = timeline.length;
    let x = area.x + gutter as u16;
    let mut y = area.y;

    // The axis.
    let clock_of_start = {
        use chrono::Timelike;
        i64::from(timeline.started.num_seconds_from_midnight()) * 1000
            + i64::from(timeline.started.timestamp_subsec_millis())
    };
    let mut axis = vec![' '; columns];
    for (column, text) in axis_labels(viewport, columns, length, clock_of_start) {
        for (offset, c) in text.chars().enumerate() {
            if let Some(cell) = axis.get_mut(column + offset) {
                *cell = c;
            }
        }
    }
    let axis: String = axis.into_iter().collect();
    put(
        frame,
        area,
        y,
        &Line::from(vec![
            Span::raw(" ".repeat(gutter)),
            Span::styled(axis, theme.dim),
        ]),
    );
    y += 1;

    let cursor = review
        .nav
        .cursor
        .and_then(|entry| timeline.entries.get(entry));
    let cursor_column = cursor.and_then(|entry| viewport.column_of(entry.at, columns, length));

    for (lane, name) in timeline.lanes.iter().zip(&names) {
        let talk = match lane.holder {
            Floor::Member(_) => theme.lane_member,
            _ => theme.lane_facilitator,
        };
        let mut spans = vec![Span::raw(fit(
            &format!(" {}", truncate(name, gutter - 2)),
            gutter,
        ))];
        let cells = lane_cells(lane, &timeline.breaks, viewport, columns, length);
        for (column, cell) in cells.into_iter().enumerate() {
            let (text, mut style) = match cell {
                Cell::Empty => (" ", Style::default()),
                Cell::Talk => ("█", talk),
                Cell::Break => ("░", theme.dim),
                Cell::Passage(Passage::Arrived) => ("»", theme.title),
                Cell::Passage(Passage::Left) => ("«", theme.title),
            };
            let on_cursor = cursor_column == Some(column)
                && cursor.is_some_and(|entry| match &entry.reads {
                    EventKind::Floor(holder) => *holder == lane.holder,
                    EventKind::Attendance { member, .. } => {
                        lane.holder == Floor::Member(member.clone())
                    }
                    _ => false,
                });
            if on_cursor {
                style = theme.timeline_cursor;
            }
            spans.push(Span::styled(text, style));
        }
        put(frame, area, y, &Line::from(spans));
        y += 1;
    }

    // Segment starts.
    let mut segments = vec![' '; columns];
    for (at, name, _) in &timeline.segments {
        if let Some(column) = viewport.column_of(*at, columns, length) {
            for (offset, c) in std::iter::once('▸').chain(name.chars()).enumerate() {
                match segments.get_mut(column + offset) {
                    // A later segment's mark wins over an earlier one's name.
                    Some(cell) if offset == 0 || *cell == ' ' => *cell = c,
                    _ => break,
                }
            }
        }
    }
    put(
        frame,
        area,
        y,
        &Line::from(vec![
            Span::raw(fit(" segments", gutter)),
            Span::styled(segments.into_iter().collect::<String>(), theme.dim),
        ]),
    );
    y += 1;

    // Moments.
    let mut spans = vec![Span::raw(fit(" moments", gutter))];
    for (column, cell) in moment_cells(&timeline.moments, viewport, columns, length)
        .into_iter()
        .enumerate()
    {
        match cell {
            Some((mark, _)) => {
                let mut style = theme.role(mark.family.style_role());
                if cursor_column == Some(column) && cursor.and_then(|e| e.family()).is_some() {
                    style = theme.timeline_cursor;
                }
                spans.push(Span::styled(mark.family.symbol(), style));
            }
            None => spans.push(Span::raw(" ")),
        }
    }
    put(frame, area, y, &Line::from(spans));
    y += 1;

    // The cursor's column.
    let mut marker = " ".repeat(gutter);
    if let Some(column) = cursor_column {
        marker.push_str(&" ".repeat(column));
        marker.push('↑');
    }
    let _ = x;
    put(
        frame,
        area,
        y,
        &Line::styled(
            marker,
            theme.timeline_cursor.remove_modifier(Modifier::REVERSED),
        ),
    );
    y += 1;

    if !timeline.absent.is_empty() {
        let absent: Vec<String> = timeline
            .absent
            .iter()
            .map(|(id, change, _)| {
                format!(
                    "{} ({})",
                    review.member_name(id, look.names),
                    change.label()
                )
            })
            .collect();
        put(
            frame,
            area,
            y,
            &Line::styled(format!(" not laned: {}", absent.join(" · ")), theme.dim),
        );
    }
}

/// One row of the event list: time, mark, what it now reads.
fn list_row(review: &Review, entry_index: usize, look: &Look, cells: usize) -> Line<'static> {
    let timeline = &review.timeline;
    let entry = &timeline.entries[entry_index];
    let name = |floor: &Floor| review.name(floor, look.names);
    let (label, members, text) = describe(&entry.reads, &name);
    let mark = if entry.is_retracted() {
        "×"
    } else if entry.is_amended() {
        "*"
    } else if entry.is_late() {
        "+"
    } else {
        " "
    };
    let symbol = entry.family().map_or(" ", |family| family.symbol());
    let mut words = label;
    if !members.is_empty() {
        words.push_str(&format!(" · {}", members.join(", ")));
    }
    if let Some(text) = text {
        words.push_str(&format!(" · \"{}\"", text.replace('\n', " ")));
    }
    let time = timeline.time_at(entry.at).format("%H:%M:%S").to_string();
    let pointer = if review.nav.cursor == Some(entry_index) {
        "▸"
    } else {
        " "
    };
    let row = format!("{pointer}{time}{mark}{symbol} {words}");
    let row = fit(&truncate(&row, cells), cells);
    let mut style = Style::default();
    if entry.is_retracted() {
        style = look.theme.dim.add_modifier(Modifier::CROSSED_OUT);
    }
    if review.nav.cursor == Some(entry_index) {
        style = style.patch(look.theme.selected);
    }
    Line::styled(row, style)
}

fn draw_list(look: &Look, review: &Review, frame: &mut Frame, area: Rect) {
    let listed = &review.nav.listed;
    let heading = format!(
        " events {}/{}{}  *amend ×retract +late",
        review.nav.position().map_or(0, |p| p + 1),
        listed.len(),
        if review.nav.filter.is_empty() {
            String::new()
        } else {
            " filtered".into()
        }
    );
    put(
        frame,
        area,
        area.y,
        &Line::styled(truncate(&heading, usize::from(area.width)), look.theme.dim),
    );
    let rows = usize::from(area.height.saturating_sub(1));
    if rows == 0 {
        return;
    }
    if listed.is_empty() {
        put(
            frame,
            area,
            area.y + 1,
            &Line::raw(" Nothing matches the filter (f, then 0 clears it)."),
        );
        return;
    }
    // The cursor's row stays in view, a third of the way down when it can.
    let position = review.nav.position().unwrap_or(0);
    let first = position
        .saturating_sub(rows / 3)
        .min(listed.len().saturating_sub(rows));
    for (offset, &entry) in listed.iter().skip(first).take(rows).enumerate() {
        let line = list_row(review, entry, look, usize::from(area.width));
        put(frame, area, area.y + 1 + offset as u16, &line);
    }
}

/// `label · members · "words"`, as an event reads.
fn reading(label: &str, members: &[String], text: Option<&str>) -> String {
    let mut out = label.to_string();
    if !members.is_empty() {
        out.push_str(&format!(" · {}", members.join(", ")));
    }
    match text {
        Some(text) => out.push_str(&format!(" · \"{text}\"")),
        None => out.push_str(" (no words)"),
    }
    out
}

fn draw_details(look: &Look, review: &Review, frame: &mut Frame, area: Rect) {
    let Some(entry) = review
        .nav
        .cursor
        .and_then(|entry| review.timeline.entries.get(entry))
    else {
        return;
    };
    let name = |floor: &Floor| review.name(floor, look.names);
    let Some(details) = Details::of(entry, &review.session, &name) else {
        return;
    };
    let cells = usize::from(area.width).saturating_sub(2);
    let mut lines: Vec<Line> = Vec::new();
    let symbol = entry
        .family()
        .map_or(String::new(), |family| format!("{} ", family.symbol()));
    let style = entry.family().map_or(look.theme.title, |family| {
        look.theme.role(family.style_role())
    });
    lines.push(Line::styled(
        format!(
            "│ {} · logged by {}",
            details.at.format("%H:%M:%S"),
            author(details.by)
        ),
        look.theme.dim,
    ));
    for (index, line) in wrap_words(&format!("{symbol}{}", details.label), cells)
        .into_iter()
        .enumerate()
    {
        let style = if index == 0 { style } else { Style::default() };
        lines.push(Line::from(vec![Span::raw("│ "), Span::styled(line, style)]));
    }
    if !details.members.is_empty() {
        lines.push(Line::raw(format!("│ {}", details.members.join(", "))));
    }
    if let Some(text) = &details.text {
        for line in wrap_words(&format!("\"{text}\""), cells) {
            lines.push(Line::raw(format!("│ {line}")));
        }
    }
    if let Some((label, members, text)) = &details.original {
        let first = format!(
            "first logged as: {}",
            reading(label, members, text.as_deref())
        );
        for line in wrap_words(&first, cells) {
            lines.push(Line::styled(format!("│ {line}"), look.theme.dim));
        }
    }
    for change in &details.history {
        let what = match &change.what {
            ChangeKind::Amended(label, members, text) => {
                format!("amended to {}", reading(label, members, text.as_deref()))
            }
            ChangeKind::Moved(from, to) => format!(
                "moved from {} to {}",
                from.format("%H:%M:%S"),
                to.format("%H:%M:%S")
            ),
            ChangeKind::Retracted => "retracted".into(),
            ChangeKind::Late => "written late".into(),
        };
        let mut line = format!(
            "{what}, {} {} by {}",
            change.at.format("%Y-%m-%d"),
            change.at.format("%H:%M"),
            author(change.by)
        );
        if let Some(reason) = &change.reason {
            line.push_str(&format!(": \"{reason}\""));
        }
        if change.undone {
            line.push_str(" (since retracted)");
        }
        for line in wrap_words(&line, cells) {
            lines.push(Line::styled(format!("│ {line}"), look.theme.message));
        }
    }
    if details.history.is_empty() {
        lines.push(Line::styled(
            "│ not changed since it was logged",
            look.theme.dim,
        ));
    }
    for (offset, line) in lines.iter().take(usize::from(area.height)).enumerate() {
        put(frame, area, area.y + offset as u16, line);
    }
}

/// The picker of an amendment or a late moment, in a box over the lower
/// half: who and the words on its first line, then its choices (the live
/// panel's picker lines).
fn draw_dialog(look: &Look, review: &Review, dialog: &Dialog, frame: &mut Frame, area: Rect) {
    let theme = look.theme;
    let picker = &dialog.picker;
    let block = Block::bordered()
        .title(Span::styled(
            format!(" {} · {} ", dialog.title, picker.title()),
            theme.dialog,
        ))
        .border_style(theme.dialog);
    let focus = |field: Focus| {
        if picker.focus == field {
            theme.picker_chosen
        } else {
            theme.title
        }
    };
    let mut spans = Vec::new();
    if picker.takes_members() {
        let names: Vec<String> = picker
            .members
            .iter()
            .map(|id| review.member_name(id, look.names))
            .collect();
        let names = if names.is_empty() {
            "nobody".to_string()
        } else {
            names.join(", ")
        };
        spans.push(Span::raw("members: "));
        spans.push(Span::styled(names, focus(Focus::Members)));
        if picker.focus == Focus::Members {
            spans.push(Span::styled(" (member keys toggle)", theme.dim));
        }
        spans.push(Span::raw(" · "));
    }
    spans.push(Span::raw("text: "));
    let text = if picker.text.is_empty() && picker.focus != Focus::Text {
        "(Tab)".to_string()
    } else if picker.focus == Focus::Text {
        format!("{}▏", picker.text)
    } else {
        picker.text.clone()
    };
    spans.push(Span::styled(text, focus(Focus::Text)));
    let mut lines = Vec::new();
    if let Purpose::Amend { original, .. } = &dialog.purpose {
        let name = |floor: &Floor| review.name(floor, look.names);
        let mut now = original.label(&name);
        if let Some(words) = original.text() {
            now.push_str(&format!(" \"{words}\""));
        }
        lines.push(Line::styled(format!("reads now: {now}"), theme.dim));
    }
    lines.push(Line::from(spans));
    if let Some(problem) = &picker.problem {
        lines.push(Line::styled(problem.clone(), theme.save_failed));
    }
    lines.extend(picker_lines(
        look,
        picker,
        usize::from(area.width.saturating_sub(2)),
    ));
    let height = (lines.len() as u16 + 2).min(area.height);
    let area = Rect {
        y: area.bottom() - height,
        height,
        ..area
    };
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

fn draw_status(look: &Look, review: &Review, frame: &mut Frame, area: Rect) {
    let theme = look.theme;
    let line = if let Some(prompt) = &review.prompt {
        let (label, text) = prompt.label_and_text();
        if prompt.is_one_key() {
            put(
                frame,
                area,
                area.y,
                &Line::styled(format!(" {label}"), theme.key),
            );
            return;
        }
        Line::from(vec![
            Span::styled(format!(" {label}: "), theme.key),
            Span::raw(format!("{text}▏")),
            Span::styled("  Enter ok · Esc cancel", theme.dim),
        ])
    } else if review.filtering {
        let mut spans = vec![Span::styled(" filter:", theme.key)];
        for (index, kind) in KindFilter::ALL.iter().enumerate() {
            let on = review.nav.filter.kinds.contains(kind);
            spans.push(Span::styled(format!(" {}", index + 1), theme.key));
            spans.push(Span::styled(
                format!(" {}{}", if on { "[x]" } else { "[ ]" }, kind.label()),
                if on {
                    theme.picker_chosen
                } else {
                    Style::default()
                },
            ));
        }
        let person = review
            .nav
            .filter
            .person
            .as_ref()
            .map_or("everyone".into(), |person| review.name(person, look.names));
        spans.push(Span::styled(" Tab", theme.key));
        spans.push(Span::raw(format!(" {person}")));
        spans.push(Span::styled(" 0", theme.key));
        spans.push(Span::raw(" clear"));
        spans.push(Span::styled(" Enter", theme.key));
        spans.push(Span::raw(" done"));
        Line::from(spans)
    } else if let Some(message) = look.message.as_ref().or(look.theme_error.as_ref()) {
        Line::styled(format!(" {}", message.replace('\n', " ")), theme.message)
    } else if !review.nav.filter.is_empty() {
        let mut parts: Vec<String> = review
            .nav
            .filter
            .kinds
            .iter()
            .map(|kind| kind.label().to_string())
            .collect();
        if let Some(person) = &review.nav.filter.person {
            parts.push(review.name(person, look.names));
        }
        Line::styled(format!(" showing only: {}", parts.join(" · ")), theme.dim)
    } else if review.following() {
        Line::styled(
            " Being logged: read-only until the facilitator ends it; new events show as saved.",
            theme.message,
        )
    } else {
        let signed = signatures(review);
        let state = if signed.is_empty() {
            "draft: not signed yet".to_string()
        } else {
            format!("signed by {}", signed.join(", "))
        };
        match review.closing_left() {
            Some(_) => Line::from(vec![
                Span::styled(
                    format!(
                        " closing step left for later: {} walks it",
                        look.keymap.key(Command::ResumeClosing)
                    ),
                    theme.message,
                ),
                Span::styled(format!(" · {state}"), theme.dim),
            ]),
            None => Line::styled(format!(" {state}"), theme.dim),
        }
    };
    put(frame, area, area.y, &line);
}

fn draw_keys(look: &Look, review: &Review, frame: &mut Frame, area: Rect) {
    // While a line is typed, the status line holds it: a message goes here.
    if review.prompt.is_some()
        && let Some(message) = look.message
    {
        put(
            frame,
            area,
            area.y,
            &Line::styled(format!(" {message}"), look.theme.message),
        );
        return;
    }
    let key = |command: Command| look.keymap.key(command).to_string();
    // A picker or the closing step has its own fixed keys.
    let fixed = if review.dialog.is_some() {
        Some(
            " digit kind · letter choice · Tab members, text · Enter → reason · Esc cancel"
                .to_string(),
        )
    } else if review.closing.is_some() {
        Some(format!(
            " digit choose · Tab ↓ ↑ row · Enter save this member · {} skip the rest · {} later",
            key(Command::SkipAll),
            key(Command::EndLater)
        ))
    } else {
        None
    };
    if let Some(text) = fixed {
        let cells = usize::from(area.width).saturating_sub(1);
        for (line, y) in wrap_words(&text, cells)
            .iter()
            .zip(area.top()..area.bottom())
        {
            put(
                frame,
                area,
                y,
                &Line::styled(format!(" {line}"), look.theme.key),
            );
        }
        return;
    }
    let pair = |a: Command, b: Command| format!("{}/{}", key(a), key(b));
    let entries: Vec<(String, &str)> = vec![
        (pair(Command::Earlier, Command::Later), "event"),
        (key(Command::NextMoment), "moment"),
        (pair(Command::ZoomIn, Command::ZoomOut), "zoom"),
        (key(Command::Filter), "filter"),
        (key(Command::Search), "search"),
        (pair(Command::SearchNext, Command::SearchPrevious), "next"),
        (key(Command::JumpTo), "time"),
        (key(Command::Amend), "amend"),
        (key(Command::Retract), "retract"),
        (key(Command::LateEntry), "late"),
        (key(Command::History), "history"),
        (key(Command::Debrief), "debrief"),
        (key(Command::SignOff), "sign"),
        (key(Command::Help), "help"),
        (key(Command::CloseReview), "back"),
    ];
    let lines = wrap_keys(
        &entries,
        usize::from(area.width),
        look.theme.key,
        Style::default(),
    );
    for (line, y) in lines.iter().zip(area.top()..area.bottom()) {
        frame.buffer_mut().set_line(area.x, y, line, area.width);
    }
}
