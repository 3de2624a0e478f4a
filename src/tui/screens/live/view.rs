use super::{Live, LiveHits, SaveState};
use crate::metrics::{Participation, Presence, format_clock};
use crate::model::{Event, EventKind, Floor, Member, MomentKind};
use crate::tui::keymap::Command;
use crate::tui::picker::member_hotkey;
use crate::tui::screens::Look;
use crate::tui::text::{bar, fit, fit_right, short_duration, truncate, width};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

/// Where each part of the live panel goes.
struct LiveLayout {
    title: Rect,
    speaking: Rect,
    roster: Rect,
    moments: Rect,
    status: Rect,
    keys: Rect,
}

impl LiveLayout {
    /// `bottom` is the height of the status line plus the keys (or the picker).
    fn new(area: Rect, bottom: u16) -> LiveLayout {
        let [title, speaking, body, bottom] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(4),
            Constraint::Length(bottom),
        ])
        .areas(area);
        let [status, keys] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(2)]).areas(bottom);
        let roster_width = (area.width * 11 / 20).max(44);
        let [roster, moments] =
            Layout::horizontal([Constraint::Length(roster_width), Constraint::Min(20)]).areas(body);
        LiveLayout {
            title,
            speaking,
            roster,
            moments,
            status,
            keys,
        }
    }
}

/// Who is speaking and whether it is saved, for a terminal too small for the panel.
pub fn cramped(app: &Look, live: &Live) -> Vec<Line<'static>> {
    let participation = live.participation(app.now);
    vec![
        Line::raw("Keys still log; every event is saved."),
        Line::from(vec![
            Span::raw("Speaking: "),
            Span::styled(
                live.floor_name(&participation.floor, app.names),
                app.theme.title,
            ),
        ]),
        save_span(app, live).into(),
    ]
}

/// What another screen (the replay) puts in the panel's title, status and keys
/// when it draws the live panel with this same view.
pub struct Banner<'a> {
    /// The title's right side, instead of REC / FOLLOWING.
    pub title: Vec<Span<'a>>,
    /// The status line's right side, instead of `saved ✓ N`.
    pub status: Span<'a>,
    /// The rows under the status line, instead of the panel's keys.
    pub keys: Vec<Line<'a>>,
}

pub fn draw(app: &Look, live: &Live, frame: &mut Frame, area: Rect) {
    draw_with(app, live, frame, area, None);
}

/// The live panel at `app.now`; with a banner, its title, status and keys are the banner's.
pub fn draw_with(app: &Look, live: &Live, frame: &mut Frame, area: Rect, banner: Option<Banner>) {
    let participation = live.participation(app.now);
    let form = live
        .closing
        .as_ref()
        .map(|closing| &closing.form)
        .or(live.form.as_ref());
    if let Some(form) = form {
        // The form takes the body; the keys under it are its own.
        let [title, speaking, body, keys] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(4),
            Constraint::Length(2),
        ])
        .areas(area);
        draw_title(app, live, &participation, frame, title);
        draw_speaking(app, live, &participation, frame, speaking);
        super::form_view::draw(app, &live.group, form, frame, body);
        frame.render_widget(
            Paragraph::new(super::form_view::keys_line(app, live)).wrap(Wrap { trim: false }),
            keys,
        );
        return;
    }
    // The picker's lines are made once: their count sizes the bottom of the panel.
    let picker_lines = live
        .picker
        .as_ref()
        .map(|picker| super::picker_view::lines(app, picker, usize::from(area.width)));
    let bottom = picker_lines
        .as_ref()
        .map_or(3, |lines| (lines.len() as u16 + 1).max(3));
    let LiveLayout {
        title,
        speaking,
        roster,
        moments,
        status,
        keys,
    } = LiveLayout::new(area, bottom);
    if let Some(banner) = banner {
        let left = format!(" {}", summary(app, live, &participation));
        let left = match app.message {
            Some(message) => Span::styled(format!(" {message}"), app.theme.message),
            None => Span::styled(left, app.theme.dim),
        };
        let room = usize::from(area.width).saturating_sub(width(&banner.status.content) + 1);
        let left = Span::styled(fit(&left.content, room), left.style);
        draw_title_with(app, live, &participation, frame, title, Some(banner.title));
        draw_speaking(app, live, &participation, frame, speaking);
        draw_roster(app, live, &participation, frame, roster);
        draw_moments(app, live, frame, moments);
        split_line(frame, status, vec![left], vec![banner.status]);
        rows(frame, banner.keys, keys);
        return;
    }
    draw_title(app, live, &participation, frame, title);
    draw_speaking(app, live, &participation, frame, speaking);
    draw_roster(app, live, &participation, frame, roster);
    draw_moments(app, live, frame, moments);
    live.set_hits(LiveHits {
        roster_rows: Block::bordered().inner(roster),
        moment_rows: Block::bordered().inner(moments),
    });
    // The open checklist, or the pane from last time, over the body.
    if live.checklist.is_some() {
        super::carry_view::draw_checklist(app, live, frame, roster.union(moments));
    } else if live.from_last_time && live.picker.is_none() {
        super::carry_view::draw_from_last_time(app, live, frame, roster.union(moments));
    }
    if let (Some(picker), Some(lines)) = (&live.picker, picker_lines) {
        super::picker_view::draw(app, live, picker, lines, frame, status, keys);
        return;
    }
    draw_status(app, live, &participation, frame, status);
    let bindings = app.keymap;
    let confirm = bindings.key(Command::Confirm).to_string();
    let prompt = if live.confirm_end
        && let SaveState::Failing { error, .. } = &live.save
        && error.starts_with(crate::store::STOPPED)
    {
        // Logging stopped: the status says where the events are kept.
        Some(prompt(
            app,
            Line::styled(format!(" ⚠ NOT SAVED: {error}"), app.theme.save_failed),
            &[(confirm.clone(), " leaves now · any other key goes back")],
        ))
    } else if live.confirm_end
        && let SaveState::Failing { waiting, .. } = &live.save
    {
        Some(prompt(
            app,
            Line::styled(
                format!(
                    " ⚠ {waiting} events are NOT saved: the disk refuses writes. Free space and they will be."
                ),
                app.theme.save_failed,
            ),
            &[(
                confirm.clone(),
                " leaves anyway and loses them · any other key goes back and keeps retrying",
            )],
        ))
    } else if live.confirm_end {
        Some(prompt(
            app,
            Line::styled(
                format!(
                    " End session {} now and write the note?",
                    live.session.header.number
                ),
                app.theme.dialog,
            ),
            &[
                (bindings.label(Command::Confirm), " end it · "),
                (
                    bindings.key(Command::Leave).to_string(),
                    " leave without ending (resume later) · other keys go back",
                ),
            ],
        ))
    } else if let Some(member) = &live.confirm_return {
        let name = live.name(member, app.names);
        let question = match participation.presence.get(member) {
            Some(Presence::LeftEarly(at)) => {
                format!(" {name} left at {} — arrived again?", at.format("%H:%M"))
            }
            Some(Presence::Excused) => format!(" {name} is logged excused — arrived?"),
            _ => format!(" {name} is logged absent — arrived?"),
        };
        Some(prompt(
            app,
            Line::styled(question, app.theme.dialog),
            &[
                (
                    bindings.key(Command::Arrived).to_string(),
                    " logs arrived and gives them the floor · ",
                ),
                (bindings.key(Command::Cancel).to_string(), " cancels"),
            ],
        ))
    } else if live.following && live.picker.is_none() {
        let moments: Vec<String> = (crate::tui::keymap::MOMENT_COMMANDS.iter())
            .map(|&command| bindings.key(command).to_string())
            .collect();
        Some(prompt(
            app,
            Line::styled(
                " Following: the facilitator logs turns; your moments go to your own file (co).",
                app.theme.dim,
            ),
            &[
                (moments.join(" "), " your moments  "),
                (bindings.key(Command::Help).to_string(), " help  "),
                (bindings.key(Command::StopFollowing).to_string(), " leave"),
            ],
        ))
    } else {
        None
    };
    match prompt {
        Some(lines) => rows(frame, lines, keys),
        None => draw_keys(app, frame, keys),
    }
}

/// A line that says what is at stake, then the keys that answer it.
fn prompt<'a>(app: &Look, first: Line<'a>, keys: &[(String, &'static str)]) -> Vec<Line<'a>> {
    let mut spans = vec![Span::raw(" ")];
    for (key, what) in keys {
        spans.push(Span::styled(key.clone(), app.theme.key));
        spans.push(Span::raw(*what));
    }
    vec![first, Line::from(spans)]
}

fn draw_title(
    app: &Look,
    live: &Live,
    participation: &Participation,
    frame: &mut Frame,
    area: Rect,
) {
    draw_title_with(app, live, participation, frame, area, None);
}

fn draw_title_with(
    app: &Look,
    live: &Live,
    participation: &Participation,
    frame: &mut Frame,
    area: Rect,
    banner: Option<Vec<Span>>,
) {
    let theme = &app.theme;
    let mut left = format!(
        " {} · session {}",
        live.group.name, live.session.header.number
    );
    if let Some(planned) = live.group.planned_sessions {
        left.push_str(&format!(" of {planned}"));
    }
    if live.author == crate::model::Author::CoFacilitator && !live.following {
        left.push_str(" · your log as co-facilitator");
    }
    if let Some((segment, _)) = &participation.segment {
        left.push_str(&format!(" · {segment}"));
    }
    let right: Vec<Span> = if let Some(right) = banner {
        // The banner is never dropped for want of room: the group's name is cut.
        let right_width: usize = right.iter().map(|s| width(&s.content)).sum();
        left = fit(
            &left,
            usize::from(area.width).saturating_sub(right_width + 1),
        );
        right
    } else if live.following && !participation.ended {
        vec![
            Span::styled("◉ ", theme.clock),
            Span::styled(format_clock(participation.total.clock), theme.clock),
            Span::styled("  FOLLOWING ", theme.dialog),
        ]
    } else if participation.ended {
        vec![Span::styled(
            format!("■ {}  ENDED ", format_clock(participation.total.clock)),
            theme.dim,
        )]
    } else if participation.on_break {
        let on_break = (app.now - participation.floor_since).num_milliseconds();
        vec![
            Span::styled(
                format!("❚❚ BREAK {} ", short_duration(on_break)),
                theme.on_break,
            ),
            Span::styled(
                format!(" {}", format_clock(participation.total.clock)),
                theme.clock,
            ),
            Span::styled("  PAUSED ", theme.on_break),
        ]
    } else {
        vec![
            Span::styled("● ", theme.recording),
            Span::styled(format_clock(participation.total.clock), theme.clock),
            Span::styled("  REC ", theme.recording),
        ]
    };
    split_line(frame, area, vec![Span::styled(left, theme.title)], right);
}

fn draw_speaking(
    app: &Look,
    live: &Live,
    participation: &Participation,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = &app.theme;
    let holder = &participation.floor;
    let mut left = vec![Span::raw(" Speaking: ")];
    if participation.ended {
        // Shown when following or replaying a session to its end.
        left.push(Span::styled("nobody — the session has ended", theme.dim));
        split_line(frame, area, left, Vec::new());
        return;
    }
    if participation.on_break {
        left.push(Span::styled(
            format!("on a break — {} resumes", app.keymap.key(Command::Break)),
            theme.on_break,
        ));
    } else if *holder == Floor::Silence {
        left.push(Span::styled("silence", theme.dim));
        left.push(Span::raw(format!(
            " ─ {}",
            format_clock(participation.current_turn())
        )));
    } else {
        if let Some(key) = hotkey_of(app, live, holder) {
            left.push(Span::styled(format!("{key} "), theme.key));
        }
        left.push(Span::styled(
            live.floor_name(holder, app.names),
            theme.title,
        ));
        left.push(Span::raw(format!(
            " ─ {}",
            format_clock(participation.current_turn())
        )));
    }
    let mut right = Vec::new();
    if let (Some(previous), true) = (&participation.previous_speaker, holder.is_person()) {
        right.push(Span::styled(
            format!(
                "last: {} → {} ",
                live.floor_name(previous, app.names),
                live.floor_name(holder, app.names)
            ),
            theme.dim,
        ));
    }
    split_line(frame, area, left, right);
}

fn hotkey_of(app: &Look, live: &Live, floor: &Floor) -> Option<String> {
    match floor {
        Floor::Member(id) => live.group.position(id).map(member_hotkey),
        Floor::Facilitator => Some(app.keymap.key(Command::Facilitator).to_string()),
        Floor::CoFacilitator => Some(app.keymap.key(Command::CoFacilitator).to_string()),
        Floor::Crosstalk => Some(app.keymap.key(Command::Crosstalk).to_string()),
        Floor::Silence => None,
    }
}

/// Left spans, then right spans flush against the right edge (dropped if no room).
fn split_line(frame: &mut Frame, area: Rect, left: Vec<Span>, right: Vec<Span>) {
    let left_width: usize = left.iter().map(|s| width(&s.content)).sum();
    let right_width: usize = right.iter().map(|s| width(&s.content)).sum();
    let mut spans = left;
    let room = usize::from(area.width).saturating_sub(left_width);
    if right_width < room {
        spans.push(Span::raw(" ".repeat(room - right_width)));
        spans.extend(right);
    }
    rows(frame, vec![Line::from(spans)], area);
}

fn presence_label(presence: Presence) -> &'static str {
    match presence {
        Presence::Present => "✓",
        Presence::Late(_) => "late",
        Presence::LeftEarly(_) => "left",
        Presence::Absent => "absent",
        Presence::Excused => "exc.",
    }
}

fn draw_roster(
    app: &Look,
    live: &Live,
    participation: &Participation,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = &app.theme;
    let block = Block::bordered()
        .title(" Roster ")
        .border_style(theme.border);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // hotkey(2) name presence(7) turns(3) talk(7) bar: the name and bar share what is left.
    let fixed = 2 + 1 + 7 + 3 + 7 + 1;
    let flexible = usize::from(inner.width).saturating_sub(fixed);
    let name_width = (flexible / 2).clamp(12, 26);
    let bar_width = flexible.saturating_sub(name_width);
    let member_talk = participation.total.member_talk();
    let row = |key: String, name: &str, presence: &str, floor: &Floor, tail: Option<String>| {
        let stats = participation.total.stats(floor);
        let turns = stats.map_or(String::new(), |s| s.turns.to_string());
        let talk = stats.map_or(String::new(), |s| short_duration(s.talk));
        let tail = tail.unwrap_or_else(|| {
            let share = if member_talk > 0 {
                stats.map_or(0.0, |s| s.talk as f64 / member_talk as f64)
            } else {
                0.0
            };
            bar(share, bar_width)
        });
        let speaking = participation.floor == *floor && !participation.on_break;
        let presence = if speaking { "▶" } else { presence };
        let text = format!(
            "{} {}{}{}{}",
            fit_right(&key, 2),
            fit(name, name_width),
            fit(&format!(" {presence}"), 7),
            fit_right(&turns, 3),
            fit_right(&talk, 7),
        );
        let style = if speaking {
            theme.speaking
        } else {
            theme.roster
        };
        Line::from(vec![
            Span::styled(text, style),
            Span::raw(" "),
            Span::styled(tail, theme.bar),
        ])
    };
    let mut lines: Vec<Line> = live
        .group
        .members
        .iter()
        .enumerate()
        .map(|(position, member): (usize, &Member)| {
            let presence = participation
                .presence
                .get(&member.id)
                .copied()
                .unwrap_or(Presence::Present);
            let floor = Floor::Member(member.id.clone());
            let line = row(
                member_hotkey(position),
                &member.display(app.names),
                presence_label(presence),
                &floor,
                None,
            );
            if presence.is_here() || participation.floor == floor {
                line
            } else {
                line.style(theme.dim)
            }
        })
        .collect();
    // The same share of all talk (crosstalk included) as the note's table.
    let worker_share = |floor: &Floor| {
        participation
            .total
            .stats(floor)
            .and_then(|_| participation.total.share_of_all_talk(floor))
            .map(|share| format!("{:.0}% talk", 100.0 * share))
    };
    let facilitator = Floor::Facilitator;
    lines.push(row(
        app.keymap.key(Command::Facilitator).to_string(),
        "Facilitator",
        "",
        &facilitator,
        Some(worker_share(&facilitator).unwrap_or_default()),
    ));
    if live.group.co_facilitator.is_some()
        || participation.total.stats(&Floor::CoFacilitator).is_some()
    {
        let co = Floor::CoFacilitator;
        lines.push(row(
            app.keymap.key(Command::CoFacilitator).to_string(),
            "Co-facil.",
            "",
            &co,
            Some(worker_share(&co).unwrap_or_default()),
        ));
    }
    if participation.total.stats(&Floor::Crosstalk).is_some()
        || participation.floor == Floor::Crosstalk
    {
        lines.push(row(
            app.keymap.key(Command::Crosstalk).to_string(),
            "crosstalk",
            "",
            &Floor::Crosstalk,
            Some(String::new()),
        ));
    }
    rows(frame, lines, inner);
}

/// Moments newest first; risk stays pinned on top until the session ends.
fn draw_moments(app: &Look, live: &Live, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let block = Block::bordered()
        .title(" Moments ")
        .border_style(theme.border);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let text_width = usize::from(inner.width).saturating_sub(9);

    // Only what can show is formatted: a frame costs the same in a long session.
    // Risks stay pinned on top; the wheel scrolls the rest.
    let height = usize::from(inner.height);
    let lines_of =
        |(event, kind): (&Event, &EventKind)| moment_lines(app, live, event, kind, text_width);
    let mut lines: Vec<Line> = Vec::new();
    for entry in live.standing_risks().rev().filter_map(lines_of) {
        if lines.len() >= height {
            break;
        }
        lines.extend(entry);
    }
    let mut skip = live.moments_scroll;
    let others = live
        .standing_not_turns()
        .rev()
        .filter(|(_, kind)| !kind.is_risk())
        .filter_map(lines_of);
    for entry in others {
        if lines.len() >= height {
            break;
        }
        for line in entry {
            if skip > 0 {
                skip -= 1;
            } else {
                lines.push(line);
            }
        }
    }
    lines.truncate(height);
    if lines.is_empty() {
        let keys: Vec<String> = crate::tui::keymap::MOMENT_COMMANDS
            .iter()
            .map(|&command| app.keymap.key(command).to_string())
            .collect();
        let hint = Line::styled(format!(" {} log moments here", keys.join(" ")), theme.dim);
        rows(frame, vec![hint], inner);
    } else {
        rows(frame, lines, inner);
    }
}

/// One or two lines for an event of the moments list; `None` for events it leaves out.
fn moment_lines(
    app: &Look,
    live: &Live,
    event: &Event,
    kind: &EventKind,
    text_width: usize,
) -> Option<Vec<Line<'static>>> {
    let theme = &app.theme;
    let (symbol, label, detail, style) = match kind {
        EventKind::Moment(moment) => {
            let mut detail: Vec<String> = Vec::new();
            if let MomentKind::Norm { norm, .. } = &moment.what
                && !norm.is_empty()
            {
                detail.push(norm.clone());
            }
            let names: Vec<String> = moment
                .members
                .iter()
                .map(|id| live.name(id, app.names))
                .collect();
            if !names.is_empty() {
                detail.push(names.join(", "));
            }
            if let Some(text) = &moment.text {
                detail.push(format!("“{text}”"));
            }
            let label = moment.what.short_label();
            (
                moment.what.symbol(),
                label,
                detail.join(" — "),
                theme.moment(&moment.what),
            )
        }
        EventKind::Segment(name) => ("▸", name.clone(), String::new(), theme.title),
        EventKind::Break(_)
        | EventKind::ClockStep { .. }
        | EventKind::Attendance { .. }
        | EventKind::Stage(_)
        | EventKind::GoalRating { .. } => (
            "·",
            kind.label(&|f| live.floor_name(f, app.names)),
            // The reason for leaving, the evidence for a rating.
            kind.text()
                .map_or_else(String::new, |text| format!("“{text}”")),
            theme.dim,
        ),
        // Who holds the floor shows in the roster; corrections and the end
        // are about the record, not moments.
        EventKind::Floor(_)
        | EventKind::Amendment { .. }
        | EventKind::Retraction { .. }
        | EventKind::Record(_)
        | EventKind::Ended
        | EventKind::Closing(_) => return None,
    };
    // Each event keeps its author: the co-facilitator's are marked.
    let (mark, label_width) = match event.by {
        crate::model::Author::Facilitator => ("", text_width),
        crate::model::Author::CoFacilitator => ("(co) ", text_width.saturating_sub(5)),
        crate::model::Author::Supervisor => ("(sup) ", text_width.saturating_sub(6)),
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(format!(" {} ", event.at.format("%H:%M")), theme.dim),
        Span::styled(format!("{symbol} "), style),
        Span::styled(mark, theme.dim),
        Span::styled(truncate(&label, label_width), style),
    ])];
    if !detail.is_empty() {
        lines.push(Line::raw(format!(
            "       {}",
            truncate(&detail, text_width)
        )));
    }
    Some(lines)
}

/// "saved ✓ 57" or, the moment a write fails, a warning that cannot be missed.
pub fn save_span(app: &Look, live: &Live) -> Span<'static> {
    match &live.save {
        SaveState::Saved => Span::styled(
            format!("saved ✓ {} ", live.session.events.len()),
            app.theme.saved,
        ),
        // The file is gone from under us: nothing is retried, the events are kept.
        // Or nothing waits: the event was refused (the file would not read back).
        SaveState::Failing { error, waiting }
            if error.starts_with(crate::store::STOPPED) || *waiting == 0 =>
        {
            Span::styled(format!(" ⚠ NOT SAVED: {error} "), app.theme.save_failed)
        }
        SaveState::Failing { error, waiting } => Span::styled(
            format!(
                " ⚠ NOT SAVED ({waiting} waiting, retrying): {} ",
                error.lines().next().unwrap_or_default()
            ),
            app.theme.save_failed,
        ),
    }
}

fn draw_status(
    app: &Look,
    live: &Live,
    participation: &Participation,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = &app.theme;
    let save = save_span(app, live);
    if matches!(live.save, SaveState::Failing { .. }) {
        rows(frame, vec![Line::from(save)], area);
        return;
    }
    // The text and its style, cut once to the room the save state leaves.
    let (text, style) = match (app.message, app.theme_error) {
        (Some(message), _) => (format!(" {message}"), theme.message),
        (None, Some(error)) => (
            format!(
                " theme not reloaded: {}",
                error.lines().next().unwrap_or_default()
            ),
            theme.message,
        ),
        (None, None) => (format!(" {}", summary(app, live, participation)), theme.dim),
    };
    let room = usize::from(area.width).saturating_sub(width(&save.content) + 1);
    let left = Span::styled(fit(&text, room), style);
    split_line(frame, area, vec![left], vec![save]);
}

/// quiet members · member→member share · silence.
fn summary(app: &Look, live: &Live, participation: &Participation) -> String {
    let here = crate::metrics::equity::here_now(&live.group, participation);
    let quiet: Vec<String> = crate::metrics::equity::quiet_among(here, participation)
        .iter()
        .map(|m| m.display(app.names))
        .collect();
    let mut parts = Vec::new();
    if let Some(offered) = super::carry_view::offer_hint(app, live) {
        parts.push(offered);
    }
    if let Some(share) = participation.total.member_to_member_share() {
        parts.push(format!("member→member {:.0}%", share * 100.0));
    }
    parts.push(format!(
        "silence {}",
        short_duration(participation.total.silence)
    ));
    if !quiet.is_empty() {
        parts.push(format!("quiet: {}", quiet.join(", ")));
    }
    parts.join(" · ")
}

fn draw_keys(app: &Look, frame: &mut Frame, area: Rect) {
    let key = |command: Command| app.keymap.key(command).to_string();
    let entries: Vec<(String, &str)> = vec![
        ("1-0".into(), "speak"),
        (
            format!(
                "{}/{}",
                key(Command::Facilitator),
                key(Command::CoFacilitator)
            ),
            "facil.",
        ),
        (key(Command::Crosstalk), "cross"),
        (key(Command::Silence), "silence"),
        (key(Command::Norm), "norm"),
        (key(Command::Conflict), "conflict"),
        (key(Command::MutualAid), "mutual aid"),
        (key(Command::Intervention), "interv."),
        (key(Command::Risk), "risk"),
        (key(Command::Note), "note"),
        (key(Command::Bookmark), "mark"),
        (key(Command::Attendance), "attend"),
        (key(Command::Segment), "segment"),
        (key(Command::Break), "break"),
        (key(Command::Undo), "undo"),
        (key(Command::Help), "help"),
        (key(Command::End), "end"),
    ];
    let lines = wrap_keys(
        &entries,
        usize::from(area.width),
        app.theme.key,
        Style::default(),
    );
    rows(frame, lines, area);
}

/// Lays `key label` pairs out in as few lines as the width allows.
pub fn wrap_keys<'a>(
    entries: &[(String, &'a str)],
    max: usize,
    key_style: Style,
    text_style: Style,
) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    let mut used = 0;
    for (key, label) in entries {
        let cell = 1 + width(key) + 1 + width(label);
        if used + cell > max && !spans.is_empty() {
            lines.push(Line::from(std::mem::take(&mut spans)));
            used = 0;
        }
        spans.push(Span::styled(format!(" {key}"), key_style));
        spans.push(Span::styled(format!(" {label}"), text_style));
        used += cell;
    }
    if !spans.is_empty() {
        lines.push(Line::from(spans));
    }
    lines
}

/// One line a row, cut at the right edge. Lighter than a `Paragraph`, which reflows:
/// these lines are already laid out to fit.
fn rows(frame: &mut Frame, lines: Vec<Line>, area: Rect) {
    for (line, y) in lines.iter().zip(area.top()..area.bottom()) {
        frame.buffer_mut().set_line(area.x, y, line, area.width);
    }
}
