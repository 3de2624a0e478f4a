use super::{GroupEditor, MemberRow, Row, level_label};
use crate::model::{Member, plan};
use crate::tui::keymap::{Command, Context};
use crate::tui::screens::Look;
use crate::tui::text::{fit, truncate, wrap_words};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const LABEL: usize = 18;

pub fn draw(look: &Look, editor: &GroupEditor, frame: &mut Frame, area: Rect) {
    let theme = look.theme;
    let width = usize::from(area.width);
    let message_lines: Vec<Line> = look
        .message
        .as_ref()
        .map(|text| {
            text.lines()
                .flat_map(|line| wrap_words(line.trim(), width.saturating_sub(2)))
                .map(|line| Line::styled(format!(" {line}"), theme.message))
                .collect()
        })
        .unwrap_or_default();
    let message_height = (message_lines.len() as u16).min(3);
    let input_height = u16::from(editor.input.is_some());
    let [title, body, status, message, input, keys] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(message_height),
        Constraint::Length(input_height),
        Constraint::Length(1),
    ])
    .areas(area);

    // Title: the group, the page, and whether the file is as shown.
    let page = match editor.member.and_then(|i| editor.group.members.get(i)) {
        Some(member) => format!("{} ({})", member.name, member.id),
        None => "plan and roster".into(),
    };
    let state = if editor.saving {
        "saving…"
    } else if editor.dirty() {
        "● unsaved changes"
    } else {
        "saved"
    };
    let left = format!(" {} — {page}", editor.group.name);
    let room = width.saturating_sub(state.chars().count() + 2);
    let state_style = if editor.dirty() {
        theme.dialog
    } else {
        theme.dim
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(fit(&left, room), theme.title),
            Span::styled(format!("{state} "), state_style),
        ])),
        title,
    );

    let (lines, at) = match editor.member {
        Some(index) => member_lines(look, editor, index, width),
        None => list_lines(look, editor, width),
    };
    let visible = usize::from(body.height);
    let scroll = at.saturating_sub(visible.saturating_sub(2));
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), body);

    // What the plan still lacks, or what is wrong with it.
    let problems = plan::problems(&editor.group);
    let gaps = plan::readiness(&editor.group);
    let status_line = if let Some(problem) = problems.first() {
        Line::styled(
            format!(" ✗ {}", truncate(&problem.what, width.saturating_sub(4))),
            theme.save_failed,
        )
    } else if let Some(first) = gaps.first() {
        let who = first
            .member
            .as_ref()
            .map(|m| format!("{m}: "))
            .unwrap_or_default();
        Line::styled(
            truncate(
                &format!(
                    " The plan lacks {} — {who}{}",
                    count(gaps.len(), "thing"),
                    first.what
                ),
                width,
            ),
            theme.dim,
        )
    } else {
        Line::styled(
            " The plan is complete (group check-ready passes).",
            theme.dim,
        )
    };
    frame.render_widget(Paragraph::new(status_line), status);
    frame.render_widget(Paragraph::new(message_lines), message);

    if let Some(typing) = &editor.input {
        let label = format!(" {}: ", typing.label);
        let room = width.saturating_sub(label.chars().count() + 1);
        // The end of a long text stays in view, where the cursor is.
        let shown: String = {
            let chars: Vec<char> = typing.text.chars().collect();
            let from = chars.len().saturating_sub(room.saturating_sub(1));
            chars[from..].iter().collect()
        };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(label, theme.dialog),
                Span::raw(shown),
                Span::styled("▏", theme.key),
            ])),
            input,
        );
    }
    frame.render_widget(Paragraph::new(key_bar(look, editor)), keys);
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn key_bar(look: &Look, editor: &GroupEditor) -> Line<'static> {
    let theme = look.theme;
    let keymap = look.keymap;
    let entries: Vec<(String, &str)> = if editor.input.is_some() {
        vec![("Enter".into(), "keep"), ("Esc".into(), "cancel")]
    } else {
        let mut entries = vec![(
            format!("{}{}", keymap.key(Command::Up), keymap.key(Command::Down)),
            Command::Up.short(),
        )];
        // Help last, as every key bar has it.
        let commands = Command::of(Context::GroupEditor)
            .filter(|&command| command != Command::Help)
            .chain([Command::Help]);
        for command in commands {
            if matches!(command, Command::Up | Command::Down) {
                continue;
            }
            if editor.member.is_some() && command == Command::RemoveRow {
                continue;
            }
            entries.push((keymap.key(command).to_string(), command.short()));
        }
        entries
    };
    let mut spans = Vec::new();
    for (key, what) in entries {
        spans.push(Span::styled(format!(" {key}"), theme.key));
        spans.push(Span::raw(format!(" {what} ")));
    }
    Line::from(spans)
}

fn row_line(
    look: &Look,
    selected: bool,
    text: String,
    style: Style,
    width: usize,
) -> Line<'static> {
    let marker = if selected { " ▸ " } else { "   " };
    let line = Line::from(vec![
        Span::raw(marker),
        Span::styled(truncate(&text, width.saturating_sub(4)), style),
    ]);
    if selected {
        line.style(look.theme.selected)
    } else {
        line
    }
}

fn field_text(label: &str, value: &str) -> String {
    let shown = if value.trim().is_empty() {
        "—"
    } else {
        value
    };
    format!("{} {shown}", fit(&label.replace('_', " "), LABEL))
}

fn heading(look: &Look, text: String) -> Line<'static> {
    Line::styled(format!("  {text}"), look.theme.title)
}

/// The list's lines, and the line the selection is on.
fn list_lines(look: &Look, editor: &GroupEditor, width: usize) -> (Vec<Line<'static>>, usize) {
    let theme = look.theme;
    let group = &editor.group;
    let mut lines = Vec::new();
    let mut at = 0;
    let mut section = "";
    let left = group.members.iter().filter(|m| m.left.is_some()).count();
    for (index, row) in editor.rows().into_iter().enumerate() {
        let this = match row {
            Row::Field(_) => "plan",
            Row::Goal(_) | Row::AddGoal => "goals",
            Row::Agenda(_) | Row::AddAgenda => "agenda",
            Row::Member(_) | Row::AddMember => "roster",
        };
        if this != section {
            section = this;
            if !lines.is_empty() {
                lines.push(Line::raw(""));
            }
            lines.push(heading(
                look,
                match this {
                    "plan" => "Plan".into(),
                    "goals" => "The group's goals".into(),
                    "agenda" => "Agenda, session by session".into(),
                    _ => format!(
                        "Roster ({} current{})",
                        group.members.len() - left,
                        if left > 0 {
                            format!(", {left} left — kept, never deleted")
                        } else {
                            String::new()
                        }
                    ),
                },
            ));
        }
        let selected = index == editor.selected;
        if selected {
            at = lines.len();
        }
        let (text, style) = match row {
            Row::Field(field) => (
                field_text(field, &plan::group_field(group, field).unwrap_or_default()),
                Style::default(),
            ),
            Row::Goal(goal) => (
                format!(
                    "{}. {}",
                    goal + 1,
                    group.goals.get(goal).cloned().unwrap_or_default()
                ),
                Style::default(),
            ),
            Row::AddGoal => ("+ add a group goal".into(), theme.dim),
            Row::Agenda(n) => {
                let planned = &group.agenda[n.min(group.agenda.len().saturating_sub(1))];
                let mut text = format!(
                    "s{:<3}{}",
                    planned.session,
                    planned.activity.as_deref().unwrap_or("—")
                );
                if !planned.segments.is_empty() {
                    text.push_str(&format!(" · {}", planned.segments.join(", ")));
                }
                (text, Style::default())
            }
            Row::AddAgenda => ("+ plan a session".into(), theme.dim),
            Row::Member(n) => match group.members.get(n) {
                Some(member) => member_summary(look, member),
                None => (String::new(), Style::default()),
            },
            Row::AddMember => ("+ add a member".into(), theme.dim),
        };
        lines.push(row_line(look, selected, text, style, width));
    }
    (lines, at)
}

fn member_summary(look: &Look, member: &Member) -> (String, Style) {
    let name = fit(&member.name, 20);
    if let Some(left) = member.left {
        return (
            format!("{:<8}{name} left {left}", member.id.as_str()),
            look.theme.dim,
        );
    }
    let tick = |done: bool| if done { "✓" } else { "✗" };
    let scaled = (0..member.goals.len())
        .filter(|&goal| member.scale(goal).is_some_and(|s| !s.is_blank()))
        .count();
    let joined = member
        .joined
        .map(|day| format!("joined {day} · "))
        .unwrap_or_default();
    (
        format!(
            "{:<8}{name} {joined}consent {} · prep {} · {} ({scaled} scaled)",
            member.id.as_str(),
            tick(member.consent.is_some()),
            tick(member.preparation.is_some()),
            count(member.goals.len(), "goal"),
        ),
        Style::default(),
    )
}

/// A member's page: details, then each goal with its scale.
fn member_lines(
    look: &Look,
    editor: &GroupEditor,
    index: usize,
    width: usize,
) -> (Vec<Line<'static>>, usize) {
    let theme = look.theme;
    let Some(member) = editor.group.members.get(index) else {
        return (Vec::new(), 0);
    };
    let mut lines = Vec::new();
    if let Some(left) = member.left {
        lines.push(Line::styled(
            format!("  Left on {left}: kept in group.ron, off the roster from that day."),
            theme.dim,
        ));
    }
    lines.push(heading(look, "Details".into()));
    let mut at = 0;
    let mut goals_heading = false;
    for (n, row) in editor.member_rows(index).into_iter().enumerate() {
        if !matches!(row, MemberRow::Field(_)) && !goals_heading {
            goals_heading = true;
            lines.push(Line::raw(""));
            lines.push(heading(
                look,
                "Goals, and what each rating means (goal attainment scale)".into(),
            ));
        }
        let selected = n == editor.selected;
        if selected {
            at = lines.len();
        }
        let (text, style) = match row {
            MemberRow::Field(field) => (
                field_text(
                    field,
                    &plan::member_field(member, field).unwrap_or_default(),
                ),
                Style::default(),
            ),
            MemberRow::Goal(goal) => (
                format!(
                    "Goal {}  {}",
                    goal + 1,
                    member.goals.get(goal).cloned().unwrap_or_default()
                ),
                theme.title,
            ),
            MemberRow::Level(goal, rating) => {
                let text = member
                    .scale(goal)
                    .and_then(|scale| scale.level(rating))
                    .unwrap_or("—");
                (
                    format!(
                        "   {:>2}  {} {text}",
                        if rating > 0 {
                            format!("+{rating}")
                        } else {
                            rating.to_string()
                        },
                        fit(level_label(rating), 24)
                    ),
                    Style::default(),
                )
            }
            MemberRow::AddGoal => ("+ add a goal".into(), theme.dim),
        };
        lines.push(row_line(look, selected, text, style, width));
    }
    (lines, at)
}
