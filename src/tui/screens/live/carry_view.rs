//! Drawing what carries over and the checklists: the "from last time" pane
//! over the panel's body, the open checklist in its place, and the hint of
//! an offered checklist on the status line.

use super::Live;
use super::carry::item_key;
use crate::metrics::carry::{CarriedNorm, Due, FollowUp};
use crate::model::taxonomy::{Choice, NormAction};
use crate::model::{AttendanceChange, Checklist, MomentFamily};
use crate::tui::keymap::Command;
use crate::tui::screens::Look;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

fn action_word(action: NormAction) -> &'static str {
    match action {
        NormAction::Established => "set",
        other => other.label(),
    }
}

/// "phones away (set s1, challenged s2)".
fn norm_with_history(norm: &CarriedNorm) -> String {
    if norm.history.is_empty() {
        return norm.norm.clone();
    }
    let steps: Vec<String> = norm
        .history
        .iter()
        .map(|step| format!("{} s{}", action_word(step.action), step.session))
        .collect();
    format!("{} ({})", norm.norm, steps.join(", "))
}

fn follow_up_line(app: &Look, live: &Live, follow_up: &FollowUp) -> String {
    let name = live.name(&follow_up.member, app.names);
    let mut line = format!(
        "{name} — {} risk (s{})",
        follow_up.level.label(),
        follow_up.session
    );
    if !follow_up.actions.is_empty() {
        let actions: Vec<&str> = follow_up.actions.iter().map(|a| a.label()).collect();
        line.push_str(&format!(", {}", actions.join(", ")));
    }
    if follow_up.unassigned() {
        line.push_str(": no follow-up recorded");
        return line;
    }
    if let Some(owner) = &follow_up.owner {
        line.push_str(&format!(", by {owner}"));
    }
    if let Some(due) = follow_up.due {
        let when = match follow_up.due_state {
            Due::Overdue => "overdue",
            Due::Today => "due today",
            Due::Later | Due::NotSet => "due",
        };
        line.push_str(&format!(" ({when} {})", due.format("%m-%d")));
    }
    line
}

/// The pane's lines, as the facilitator reads them at the start.
pub fn from_last_time_lines(app: &Look, live: &Live) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let carry = live.carried();
    let mark = |family: MomentFamily| {
        Span::styled(
            format!("  {} ", family.symbol()),
            theme.role(family.style_role()),
        )
    };
    let mut lines = Vec::new();
    for follow_up in &carry.follow_ups {
        lines.push(Line::from(vec![
            mark(MomentFamily::Risk),
            Span::styled("follow up: ", theme.risk),
            Span::raw(follow_up_line(app, live, follow_up)),
        ]));
    }
    for conflict in &carry.conflicts {
        let steps: Vec<String> = conflict
            .steps
            .iter()
            .map(|(session, status)| format!("{} s{session}", status.label()))
            .collect();
        lines.push(Line::from(vec![
            mark(MomentFamily::Conflict),
            Span::raw(format!(
                "open: {} conflict · {} ({})",
                conflict.kind.short(),
                live.names_or_group(&conflict.members, app.names),
                steps.join(", ")
            )),
        ]));
    }
    for item in &carry.plan {
        let text = if item.members.is_empty() {
            item.text.clone()
        } else {
            format!(
                "{} ({})",
                item.text,
                live.names_or_group(&item.members, app.names)
            )
        };
        lines.push(Line::from(vec![
            mark(MomentFamily::Plan),
            Span::raw(format!("plan: {text}")),
        ]));
    }
    let absent: Vec<String> = carry
        .absent
        .iter()
        .map(|absent| {
            let how = match absent.change {
                AttendanceChange::Excused => "excused",
                _ => "absent",
            };
            format!("{} ({how})", live.name(&absent.member, app.names))
        })
        .collect();
    lines.push(Line::raw(format!(
        "  absent last time: {}",
        if absent.is_empty() {
            "nobody".to_string()
        } else {
            absent.join(", ")
        }
    )));
    if carry.follow_ups.is_empty() {
        lines.push(Line::styled("  ▲ no risk to follow up", theme.dim));
    }
    if carry.conflicts.is_empty() {
        lines.push(Line::styled("  ↯ no conflict left open", theme.dim));
    }
    if let Some(hint) = offer_hint(app, live) {
        lines.push(Line::from(vec![
            mark(MomentFamily::Task),
            Span::raw(format!("offered: {hint}")),
        ]));
    }
    if !carry.norms.is_empty() {
        lines.push(Line::from(vec![
            mark(MomentFamily::Norm),
            Span::raw("norms now:"),
        ]));
        for norm in &carry.norms {
            lines.push(Line::raw(format!("    · {}", norm_with_history(norm))));
        }
    }
    lines
}

/// Lines no wider than `width`, each continued under its text (a hanging
/// indent of `indent` cells) rather than at the border.
fn wrapped(lines: Vec<Line<'static>>, width: usize, indent: usize) -> Vec<Line<'static>> {
    use crate::tui::text::width as cells;
    let mut out = Vec::new();
    for line in lines {
        let mut row: Vec<Span<'static>> = Vec::new();
        let mut used = 0;
        for span in line.spans {
            let style = span.style;
            // Words keep the space before them; a word wider than the row is cut by the widget.
            let mut word = String::new();
            let mut words: Vec<String> = Vec::new();
            for c in span.content.chars() {
                if c == ' ' && !word.trim().is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                word.push(c);
            }
            if !word.is_empty() {
                words.push(word);
            }
            for word in words {
                let w = cells(&word);
                if used + w > width && used > indent {
                    out.push(Line::from(std::mem::take(&mut row)));
                    row.push(Span::raw(" ".repeat(indent)));
                    let word = word.trim_start().to_string();
                    used = indent + cells(&word);
                    row.push(Span::styled(word, style));
                } else {
                    used += w;
                    row.push(Span::styled(word, style));
                }
            }
        }
        out.push(Line::from(row));
    }
    out
}

/// The pane, over the panel's body.
pub fn draw_from_last_time(app: &Look, live: &Live, frame: &mut Frame, area: Rect) {
    let Some(last) = &live.carried().last else {
        return;
    };
    let block = Block::bordered()
        .title(format!(
            " From session {} ({}) ",
            last.number,
            last.date.format("%Y-%m-%d")
        ))
        .title_style(app.theme.title)
        .title_bottom(Line::from(vec![
            Span::styled(" any key hides this · ", app.theme.dim),
            Span::styled(
                app.keymap.key(Command::FromLastTime).to_string(),
                app.theme.key,
            ),
            Span::styled(" shows it again ", app.theme.dim),
        ]))
        .border_style(app.theme.border);
    let inner = block.inner(area);
    let lines = wrapped(from_last_time_lines(app, live), usize::from(inner.width), 6);
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// The open checklist, in place of the panel's body.
pub fn draw_checklist(app: &Look, live: &Live, frame: &mut Frame, area: Rect) {
    let Some(pane) = &live.checklist else {
        return;
    };
    let theme = &app.theme;
    let ticked = live.ticked();
    let (done, all) = super::carry::progress_of(pane.list, &ticked);
    let block = Block::bordered()
        .title(format!(
            " {} checklist · {} · {done} of {all} ",
            pane.list.title(),
            live.names_or_group(&pane.members, app.names)
        ))
        .title_style(theme.title)
        .border_style(theme.border);
    let mut lines: Vec<Line> = pane
        .list
        .items()
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            let (mark, style) = if ticked.contains(&item) {
                ("✓", theme.saved)
            } else {
                ("·", theme.roster)
            };
            Line::from(vec![
                Span::styled(format!(" {} ", item_key(index)), theme.key),
                Span::styled(format!("{mark} "), style),
                Span::styled(item.label().to_string(), style),
            ])
        })
        .collect();
    let other = match pane.list {
        Checklist::Contract => "ending",
        Checklist::Ending => "contract",
    };
    lines.push(Line::from(vec![
        Span::styled(" a digit ticks its item · ", theme.dim),
        Span::styled(app.keymap.key(Command::Checklist).to_string(), theme.key),
        Span::styled(format!(" the {other} checklist · "), theme.dim),
        Span::styled("Esc", theme.key),
        Span::styled(" closes", theme.dim),
    ]));
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

/// "contract 2/5 · ending 0/10 (C)" while an offered checklist is not
/// done; `None` else.
pub fn offer_hint(app: &Look, live: &Live) -> Option<String> {
    let key = app.keymap.key(Command::Checklist);
    let parts: Vec<String> = live
        .offers_with_progress()
        .iter()
        .filter(|(_, (done, all))| done < all)
        .map(|(offer, (done, all))| {
            let whom = if offer.members.is_empty() {
                String::new()
            } else {
                format!(" for {}", live.names_or_group(&offer.members, app.names))
            };
            format!("{}{whom} {done}/{all}", offer.list.title().to_lowercase())
        })
        .collect();
    (!parts.is_empty()).then(|| format!("{} ({key})", parts.join(" · ")))
}
