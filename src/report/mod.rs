//! The report across sessions (`groupscribe report`, `R` on the home screen):
//! attendance member × session, each member's talk, turns, goal ratings and
//! risks over time, and per session the member-to-member share of
//! transitions, mutual aid by kind, conflicts, norms and stages.
//!
//! Each session's figures come from the metrics over its whole record read
//! with the group it recorded ([`SessionFigures::of`]); they are kept in a
//! small derived summary beside the sessions ([`summary`]) so that the report
//! over a long group does not parse every event again. [`build`] puts the
//! sessions side by side; [`document`] lays the report out once, and the
//! Markdown, the HTML and the terminal screen all draw that one layout.

pub mod document;
pub mod figures;
pub mod html;
pub mod markdown;
pub mod summary;

pub use document::{Block, Cell, Document};
pub use figures::{Attended, ConflictFigure, MemberFigures, RiskFigure, SessionFigures};
pub use summary::{LoadedFigures, SUMMARY_DIR, group_figures, summary_path};

use crate::model::taxonomy::{ConflictStatus, MutualAidKind, NormAction};
use crate::model::{Group, MemberId, NameStyle};
use chrono::NaiveDate;

/// One cell of the attendance matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seat {
    /// Not on the session's roster: not joined yet, or left.
    NotMember,
    Was(Attended),
}

/// One goal of one member, rated session by session.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalTrend {
    pub goal: String,
    /// The session's last rating, per session (`None`: not rated there).
    pub ratings: Vec<Option<i8>>,
    /// Last rating less first rating, once rated in two sessions.
    pub change: Option<i8>,
}

/// A risk and its follow-up, with the session it was logged in.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskEntry {
    pub session: u32,
    pub risk: RiskFigure,
    /// The follow-up's due date is before today.
    pub overdue: bool,
}

/// One member across the sessions.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberReport {
    pub id: MemberId,
    pub name: String,
    pub seats: Vec<Seat>,
    /// Sessions attended, of the sessions the member was on the roster for.
    pub attended: usize,
    pub of: usize,
    /// Share of all talk per session (`None`: not a member or not there).
    pub shares: Vec<Option<f64>>,
    pub turns: Vec<Option<u32>>,
    pub goals: Vec<GoalTrend>,
    pub risks: Vec<RiskEntry>,
}

/// One session of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionReport {
    pub number: u32,
    pub date: NaiveDate,
    pub ended: bool,
    pub file: String,
    pub members_on_roster: usize,
    pub attended: usize,
    pub transitions: u32,
    pub member_to_member: u32,
    pub member_to_member_share: Option<f64>,
    pub facilitators_share: Option<f64>,
    pub gini: Option<f64>,
    pub mutual_aid: Vec<(MutualAidKind, u32)>,
    pub mutual_aid_total: u32,
    /// Conflicts logged in the session, resolved there, and left open.
    pub conflicts: usize,
    pub resolved: usize,
    pub open: Vec<ConflictFigure>,
    pub stages: Vec<String>,
    pub norms: Vec<(NormAction, String)>,
}

/// The whole report, figures only: [`document`] lays it out.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub group_name: String,
    pub group_type: &'static str,
    pub purpose: String,
    /// Norms of the group as the latest session recorded them.
    pub norms_now: Vec<String>,
    pub today: NaiveDate,
    pub sessions: Vec<SessionReport>,
    pub members: Vec<MemberReport>,
    /// Session files that could not be read, with why (the rest are reported).
    pub problems: Vec<String>,
}

/// Puts the sessions' figures side by side. `current` is today's group.ron
/// (for the members' order and the names of members no session recorded);
/// each session is read with the group it recorded. Observer logs are not
/// sessions of the group and are left out.
pub fn build(
    current: &Group,
    sessions: &[SessionFigures],
    names: NameStyle,
    today: NaiveDate,
) -> Report {
    let mut sessions: Vec<&SessionFigures> = sessions.iter().collect();
    sessions.sort_by(|a, b| a.number.cmp(&b.number).then(a.file.cmp(&b.file)));
    // Today's roster first, in its order; then anyone a session recorded.
    let mut ids: Vec<MemberId> = current.members.iter().map(|m| m.id.clone()).collect();
    for session in &sessions {
        for member in &session.group.members {
            if !ids.contains(&member.id) {
                ids.push(member.id.clone());
            }
        }
    }
    let members = ids
        .iter()
        .map(|id| member_report(id, current, &sessions, names, today))
        .collect();
    let sessions_report = sessions.iter().map(|s| session_report(s)).collect();
    let latest = sessions.last().map_or(current, |s| &s.group);
    Report {
        group_name: current.name.clone(),
        group_type: current.kind.label(),
        purpose: current.purpose.clone(),
        norms_now: latest.norms.clone(),
        today,
        sessions: sessions_report,
        members,
        problems: Vec::new(),
    }
}

fn member_report(
    id: &MemberId,
    current: &Group,
    sessions: &[&SessionFigures],
    names: NameStyle,
    today: NaiveDate,
) -> MemberReport {
    // The name today's group gives, else the latest session's.
    let member = current.member(id).or_else(|| {
        sessions
            .iter()
            .rev()
            .find_map(|session| session.group.member(id))
    });
    let name = member.map_or_else(|| id.as_str().to_string(), |m| m.display(names));
    let mut seats = Vec::new();
    let mut shares = Vec::new();
    let mut turns = Vec::new();
    let mut risks = Vec::new();
    for session in sessions {
        let figures = session.member(id).filter(|_| session.is_member(id));
        let seat = figures.map_or(Seat::NotMember, |f| Seat::Was(f.attended));
        let here = figures.filter(|f| f.attended.attended());
        seats.push(seat);
        shares.push(here.and_then(|_| session.share_of(id)));
        turns.push(here.map(|f| f.turns));
        for risk in figures.map(|f| f.risks.as_slice()).unwrap_or_default() {
            risks.push(RiskEntry {
                session: session.number,
                overdue: risk.follow_up_due.is_some_and(|due| due < today),
                risk: risk.clone(),
            });
        }
    }
    let of = seats.iter().filter(|s| **s != Seat::NotMember).count();
    let attended = seats
        .iter()
        .filter(|s| matches!(s, Seat::Was(a) if a.attended()))
        .count();
    let goal_texts: Vec<String> = member.map(|m| m.goals.clone()).unwrap_or_default();
    let rated: u8 = sessions
        .iter()
        .filter_map(|s| s.member(id))
        .flat_map(|f| f.ratings.iter().map(|(goal, _)| goal.saturating_add(1)))
        .max()
        .unwrap_or(0);
    let count = goal_texts.len().max(usize::from(rated));
    let goals = (0..count)
        .map(|index| {
            let ratings: Vec<Option<i8>> = sessions
                .iter()
                .map(|s| {
                    s.member(id).and_then(|f| {
                        f.ratings
                            .iter()
                            .find(|(goal, _)| usize::from(*goal) == index)
                            .map(|(_, rating)| *rating)
                    })
                })
                .collect();
            let given: Vec<i8> = ratings.iter().flatten().copied().collect();
            let change = match given.as_slice() {
                [first, .., last] => Some(last - first),
                _ => None,
            };
            GoalTrend {
                goal: goal_texts
                    .get(index)
                    .cloned()
                    .unwrap_or_else(|| format!("goal {}", index + 1)),
                ratings,
                change,
            }
        })
        .collect();
    MemberReport {
        id: id.clone(),
        name,
        seats,
        attended,
        of,
        shares,
        turns,
        goals,
        risks,
    }
}

fn session_report(session: &SessionFigures) -> SessionReport {
    let on_roster: Vec<&MemberFigures> = session
        .members
        .iter()
        .filter(|m| session.is_member(&m.id))
        .collect();
    SessionReport {
        number: session.number,
        date: session.started.date_naive(),
        ended: session.ended,
        file: session.file.clone(),
        members_on_roster: on_roster.len(),
        attended: on_roster.iter().filter(|m| m.attended.attended()).count(),
        transitions: session.transitions,
        member_to_member: session.member_to_member,
        member_to_member_share: session.member_to_member_share,
        facilitators_share: session.facilitators_share,
        gini: session.gini,
        mutual_aid: session.mutual_aid.clone(),
        mutual_aid_total: session.mutual_aid_total(),
        conflicts: session.conflicts.len(),
        resolved: session
            .conflicts
            .iter()
            .filter(|c| c.status == ConflictStatus::Resolved)
            .count(),
        open: session
            .conflicts
            .iter()
            .filter(|c| c.status != ConflictStatus::Resolved)
            .cloned()
            .collect(),
        stages: session.stages.clone(),
        norms: session.norms.clone(),
    }
}

/// The report of the group in `folder` (a group folder of a store): its
/// group.ron, and each session's figures from its summary (rebuilt where
/// stale). A session that cannot be read is listed among the problems and
/// the rest are reported; a group.ron that cannot be read is the error.
pub fn for_group(
    folder: &std::path::Path,
    names: NameStyle,
    today: NaiveDate,
) -> Result<Report, crate::store::StoreError> {
    let current = crate::store::load_group(&folder.join(crate::store::GROUP_FILE))?;
    let loaded = group_figures(folder, &current);
    let mut report = build(&current, &loaded.figures, names, today);
    report.problems = loaded.problems;
    Ok(report)
}
