//! The report laid out once: headings, lines, lists and tables of plain text
//! (and trends). Markdown, HTML and the terminal screen each draw this one
//! document, so they show the same figures in the same words.

use super::{GoalTrend, MemberReport, Report, RiskEntry, Seat, SessionReport};
use crate::model::MemberId;
use crate::model::taxonomy::{Choice as _, MutualAidKind};

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub title: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(String),
    Text(String),
    Items(Vec<String>),
    Table(Table),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub head: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// Values over the sessions (`None`: no value there), drawn as a
    /// sparkline in text and a line in HTML, scaled to `max`; `text` says
    /// it in words.
    Trend {
        values: Vec<Option<f64>>,
        max: f64,
        text: String,
    },
}

impl Cell {
    fn text(text: impl Into<String>) -> Cell {
        Cell::Text(text.into())
    }
}

/// `0.234` -> `23%` (rounded to the nearest whole percent).
pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// `+1`, `0`, `-2`.
pub fn signed(value: i8) -> String {
    if value > 0 {
        format!("+{value}")
    } else {
        value.to_string()
    }
}

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// One character per value: `▁` (zero) to `█` (`max`), `·` for no value.
pub fn sparkline(values: &[Option<f64>], max: f64) -> String {
    values
        .iter()
        .map(|value| match value {
            None => '·',
            Some(_) if max <= 0.0 => BARS[0],
            Some(value) => {
                let step = (value / max * 7.0).round().clamp(0.0, 7.0);
                // In 0..=7 by the clamp.
                BARS[step as usize]
            }
        })
        .collect()
}

/// The attendance matrix's mark for one seat.
pub fn seat_mark(seat: Seat) -> &'static str {
    use super::Attended;
    match seat {
        Seat::NotMember => "–",
        Seat::Was(Attended::Present) => "✓",
        Seat::Was(Attended::Late) => "L",
        Seat::Was(Attended::LeftEarly) => "E",
        Seat::Was(Attended::Absent) => "A",
        Seat::Was(Attended::Excused) => "X",
    }
}

fn session_heads(report: &Report) -> Vec<String> {
    report
        .sessions
        .iter()
        .map(|s| format!("s{}", s.number))
        .collect()
}

fn name_of<'r>(report: &'r Report, id: &'r MemberId) -> &'r str {
    report
        .members
        .iter()
        .find(|m| &m.id == id)
        .map_or(id.as_str(), |m| m.name.as_str())
}

/// The report as one document.
pub fn document(report: &Report) -> Document {
    let mut blocks = Vec::new();
    blocks.push(Block::Text(overview(report)));
    if !report.purpose.trim().is_empty() {
        blocks.push(Block::Text(format!("Purpose: {}", report.purpose.trim())));
    }
    if !report.problems.is_empty() {
        blocks.push(Block::Heading("Sessions not read".into()));
        blocks.push(Block::Items(report.problems.clone()));
    }
    if report.sessions.is_empty() {
        blocks.push(Block::Text(
            "No session has been logged yet: the report fills in from the first one.".into(),
        ));
        return Document {
            title: title(report),
            blocks,
        };
    }
    blocks.push(Block::Heading("Attendance".into()));
    blocks.push(Block::Table(attendance(report)));
    blocks.push(Block::Text(
        "✓ present · L late · E left early · A absent · X excused · – not on the roster \
         (not joined yet, or left)"
            .into(),
    ));
    blocks.push(Block::Heading("Talk share (of all talk)".into()));
    blocks.push(Block::Table(series_table(
        report,
        |m, i| m.shares[i].map(percent),
        |m| trend_of(&m.shares, 1.0_f64.min(max_share(report)), |v| percent(*v)),
    )));
    blocks.push(Block::Heading("Turns".into()));
    let max_turns = report
        .members
        .iter()
        .flat_map(|m| m.turns.iter().flatten())
        .copied()
        .max()
        .unwrap_or(0);
    blocks.push(Block::Table(series_table(
        report,
        |m, i| m.turns[i].map(|t| t.to_string()),
        |m| {
            let values: Vec<Option<f64>> = m.turns.iter().map(|t| t.map(f64::from)).collect();
            trend_of(&values, f64::from(max_turns), |v| format!("{v:.0}"))
        },
    )));
    blocks.push(Block::Text(
        "– not on the roster · absent: on the roster, not there".into(),
    ));
    blocks.push(Block::Heading("Goal ratings (-2 to +2)".into()));
    match goals(report) {
        Some(table) => blocks.push(Block::Table(table)),
        None => blocks.push(Block::Text(
            "No member has a goal on the roster or a rating.".into(),
        )),
    }
    blocks.push(Block::Heading("Risks and follow-ups".into()));
    blocks.push(Block::Items(risks(report)));
    blocks.push(Block::Heading("Sessions".into()));
    blocks.push(Block::Table(sessions(report)));
    blocks.push(Block::Text(
        "here: members who attended, of those on the roster · member to member: transitions \
         from one member straight to another, of all transitions between persons"
            .into(),
    ));
    blocks.push(Block::Table(trends(report)));
    blocks.push(Block::Heading("Mutual aid by kind".into()));
    match mutual_aid(report) {
        Some(table) => blocks.push(Block::Table(table)),
        None => blocks.push(Block::Text("No mutual-aid moment was logged.".into())),
    }
    blocks.push(Block::Heading("Conflicts".into()));
    blocks.push(Block::Items(conflicts(report)));
    blocks.push(Block::Heading("Norms".into()));
    blocks.push(Block::Items(norms(report)));
    blocks.push(Block::Heading("Stages observed".into()));
    blocks.push(Block::Items(stages(report)));
    Document {
        title: title(report),
        blocks,
    }
}

fn title(report: &Report) -> String {
    let name = report.group_name.trim();
    let name = if name.is_empty() { "Group" } else { name };
    format!("{name} — report across sessions")
}

fn overview(report: &Report) -> String {
    let count = report.sessions.len();
    let span = match (report.sessions.first(), report.sessions.last()) {
        (Some(first), Some(last)) if count > 1 => format!(", {} to {}", first.date, last.date),
        (Some(first), _) => format!(", {}", first.date),
        _ => String::new(),
    };
    let unended = report.sessions.iter().filter(|s| !s.ended).count();
    let unended = match unended {
        0 => String::new(),
        1 => " (1 not ended: its figures run to its last event)".into(),
        n => format!(" ({n} not ended: their figures run to their last event)"),
    };
    format!(
        "{} group · {} session{}{span}{unended} · as of {}",
        capitalised(report.group_type),
        count,
        if count == 1 { "" } else { "s" },
        report.today
    )
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn attendance(report: &Report) -> Table {
    let mut head = vec!["Member".to_string()];
    head.extend(session_heads(report));
    head.push("Attended".into());
    let mut rows: Vec<Vec<Cell>> = report
        .members
        .iter()
        .map(|member| {
            let mut row = vec![Cell::text(&member.name)];
            row.extend(member.seats.iter().map(|seat| Cell::text(seat_mark(*seat))));
            row.push(Cell::text(format!("{} of {}", member.attended, member.of)));
            row
        })
        .collect();
    let mut totals = vec![Cell::text("Here")];
    totals.extend(
        report
            .sessions
            .iter()
            .map(|s| Cell::text(format!("{}/{}", s.attended, s.members_on_roster))),
    );
    totals.push(Cell::text(""));
    rows.push(totals);
    Table { head, rows }
}

fn max_share(report: &Report) -> f64 {
    report
        .members
        .iter()
        .flat_map(|m| m.shares.iter().flatten())
        .copied()
        .fold(0.0, f64::max)
}

/// The trend cell of one member's series: a line over the sessions and its
/// first and last values in words.
fn trend_of(values: &[Option<f64>], max: f64, say: impl Fn(&f64) -> String) -> Cell {
    let given: Vec<&f64> = values.iter().flatten().collect();
    let text = match given.as_slice() {
        [] => "no figures".to_string(),
        [one] => say(one),
        [first, .., last] => format!("{} → {}", say(first), say(last)),
    };
    Cell::Trend {
        values: values.to_vec(),
        max,
        text,
    }
}

fn series_table(
    report: &Report,
    value: impl Fn(&MemberReport, usize) -> Option<String>,
    trend: impl Fn(&MemberReport) -> Cell,
) -> Table {
    let mut head = vec!["Member".to_string()];
    head.extend(session_heads(report));
    head.push("Trend".into());
    let rows = report
        .members
        .iter()
        .map(|member| {
            let mut row = vec![Cell::text(&member.name)];
            row.extend(member.seats.iter().enumerate().map(|(index, seat)| {
                Cell::text(match (seat, value(member, index)) {
                    (_, Some(value)) => value,
                    (Seat::NotMember, None) => "–".into(),
                    (Seat::Was(_), None) => "absent".into(),
                })
            }));
            row.push(trend(member));
            row
        })
        .collect();
    Table { head, rows }
}

fn goals(report: &Report) -> Option<Table> {
    let mut head = vec!["Member".to_string(), "Goal".to_string()];
    head.extend(session_heads(report));
    head.push("Change".into());
    let rows: Vec<Vec<Cell>> = report
        .members
        .iter()
        .flat_map(|member| {
            member.goals.iter().map(move |goal: &GoalTrend| {
                let mut row = vec![Cell::text(&member.name), Cell::text(&goal.goal)];
                row.extend(
                    goal.ratings
                        .iter()
                        .zip(&member.seats)
                        .map(|(rating, seat)| {
                            Cell::text(match (rating, seat) {
                                (Some(rating), _) => signed(*rating),
                                (None, Seat::NotMember) => "–".into(),
                                (None, Seat::Was(_)) => "·".into(),
                            })
                        }),
                );
                row.push(Cell::text(
                    goal.change.map_or_else(|| "–".to_string(), signed),
                ));
                row
            })
        })
        .collect();
    (!rows.is_empty()).then_some(Table { head, rows })
}

fn risk_line(name: &str, entry: &RiskEntry) -> String {
    let risk = &entry.risk;
    let mut done: Vec<String> = risk.actions.iter().map(|a| a.label().to_string()).collect();
    if let Some(text) = risk.action_text.as_deref().filter(|t| !t.trim().is_empty()) {
        done.push(text.trim().to_string());
    }
    if let Some(at) = risk.informed_at {
        done.push(format!("informed at {}", at.format("%Y-%m-%d %H:%M")));
    }
    let done = if done.is_empty() {
        "no action recorded".to_string()
    } else {
        done.join(", ")
    };
    let follow_up = match (&risk.follow_up_owner, risk.follow_up_due) {
        (None, None) => "no follow-up recorded".to_string(),
        (owner, due) => {
            let owner = owner.as_deref().unwrap_or("owner not recorded");
            match due {
                Some(due) if entry.overdue => format!("follow-up: {owner}, due {due} (overdue)"),
                Some(due) => format!("follow-up: {owner}, due {due}"),
                None => format!("follow-up: {owner}, no due date"),
            }
        }
    };
    format!(
        "{name} — session {}, {}: {done}; {follow_up}",
        entry.session,
        risk.level.label()
    )
}

fn risks(report: &Report) -> Vec<String> {
    let lines: Vec<String> = report
        .members
        .iter()
        .flat_map(|m| m.risks.iter().map(|entry| risk_line(&m.name, entry)))
        .collect();
    if lines.is_empty() {
        vec!["No risk was logged.".into()]
    } else {
        lines
    }
}

fn sessions(report: &Report) -> Table {
    let head = [
        "Session",
        "Date",
        "Here",
        "Member to member",
        "Mutual aid",
        "Conflicts",
    ]
    .map(String::from)
    .to_vec();
    let rows = report
        .sessions
        .iter()
        .map(|s: &SessionReport| {
            let m2m = match s.member_to_member_share {
                Some(share) => format!(
                    "{} ({} of {})",
                    percent(share),
                    s.member_to_member,
                    s.transitions
                ),
                None => "no transitions".into(),
            };
            let conflicts = match s.conflicts {
                0 => "none".to_string(),
                n => format!("{n} logged, {} resolved", s.resolved),
            };
            vec![
                Cell::text(format!(
                    "{}{}",
                    s.number,
                    if s.ended { "" } else { " (not ended)" }
                )),
                Cell::text(s.date.to_string()),
                Cell::text(format!("{}/{}", s.attended, s.members_on_roster)),
                Cell::text(m2m),
                Cell::text(s.mutual_aid_total.to_string()),
                Cell::text(conflicts),
            ]
        })
        .collect();
    Table { head, rows }
}

fn trends(report: &Report) -> Table {
    let m2m: Vec<Option<f64>> = report
        .sessions
        .iter()
        .map(|s| s.member_to_member_share)
        .collect();
    let aid: Vec<Option<f64>> = report
        .sessions
        .iter()
        .map(|s| Some(f64::from(s.mutual_aid_total)))
        .collect();
    let max_aid = aid.iter().flatten().copied().fold(0.0, f64::max);
    let facilitators: Vec<Option<f64>> = report
        .sessions
        .iter()
        .map(|s| s.facilitators_share)
        .collect();
    Table {
        head: vec!["Across sessions".into(), "Trend".into()],
        rows: vec![
            vec![
                Cell::text("Member to member"),
                trend_of(&m2m, 1.0, |v| percent(*v)),
            ],
            vec![
                Cell::text("Mutual-aid moments"),
                trend_of(&aid, max_aid, |v| format!("{v:.0}")),
            ],
            vec![
                Cell::text("Facilitators' share of talk"),
                trend_of(&facilitators, 1.0, |v| percent(*v)),
            ],
        ],
    }
}

fn mutual_aid(report: &Report) -> Option<Table> {
    let kinds: Vec<MutualAidKind> = MutualAidKind::ALL
        .iter()
        .copied()
        .filter(|kind| {
            report
                .sessions
                .iter()
                .any(|s| s.mutual_aid.iter().any(|(k, _)| k == kind))
        })
        .collect();
    if kinds.is_empty() {
        return None;
    }
    let mut head = vec!["Kind".to_string()];
    head.extend(session_heads(report));
    head.push("All".into());
    let count = |s: &SessionReport, kind: MutualAidKind| {
        s.mutual_aid
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, n)| *n)
    };
    let mut rows: Vec<Vec<Cell>> = kinds
        .iter()
        .map(|&kind| {
            let mut row = vec![Cell::text(kind.label())];
            row.extend(
                report
                    .sessions
                    .iter()
                    .map(|s| Cell::text(count(s, kind).to_string())),
            );
            let all: u32 = report.sessions.iter().map(|s| count(s, kind)).sum();
            row.push(Cell::text(all.to_string()));
            row
        })
        .collect();
    let mut totals = vec![Cell::text("All kinds")];
    totals.extend(
        report
            .sessions
            .iter()
            .map(|s| Cell::text(s.mutual_aid_total.to_string())),
    );
    let all: u32 = report.sessions.iter().map(|s| s.mutual_aid_total).sum();
    totals.push(Cell::text(all.to_string()));
    rows.push(totals);
    Some(Table { head, rows })
}

fn conflicts(report: &Report) -> Vec<String> {
    let lines: Vec<String> = report
        .sessions
        .iter()
        .filter(|s| s.conflicts > 0)
        .map(|s| {
            let open: Vec<String> = s
                .open
                .iter()
                .map(|c| {
                    let names: Vec<&str> = c.members.iter().map(|id| name_of(report, id)).collect();
                    let between = if names.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", names.join(", "))
                    };
                    format!("{}{between}, {}", c.kind.short(), c.status.label())
                })
                .collect();
            let open = if open.is_empty() {
                "none left open".to_string()
            } else {
                format!("left open: {}", open.join("; "))
            };
            format!(
                "Session {}: {} logged, {} resolved; {open}",
                s.number, s.conflicts, s.resolved
            )
        })
        .collect();
    if lines.is_empty() {
        vec!["No conflict was logged.".into()]
    } else {
        lines
    }
}

fn norms(report: &Report) -> Vec<String> {
    let mut lines: Vec<String> = report
        .sessions
        .iter()
        .flat_map(|s| {
            s.norms.iter().map(move |(action, norm)| {
                format!("Session {}: {} — {norm}", s.number, action.label())
            })
        })
        .collect();
    if lines.is_empty() {
        lines.push("No norm moment was logged.".into());
    }
    if !report.norms_now.is_empty() {
        lines.push(format!(
            "The group's norms as last recorded: {}",
            report.norms_now.join("; ")
        ));
    }
    lines
}

fn stages(report: &Report) -> Vec<String> {
    let lines: Vec<String> = report
        .sessions
        .iter()
        .filter(|s| !s.stages.is_empty())
        .map(|s| format!("Session {}: {}", s.number, s.stages.join(", then ")))
        .collect();
    if lines.is_empty() {
        vec!["No stage was logged.".into()]
    } else {
        lines
    }
}
