//! Who came, who came late, who left early, who was absent or excused.
//!
//! Everyone on the roster counts as present unless logged otherwise. Unlike
//! the live figures, a member who came late and also left early keeps both
//! times, because the record should say both.

use super::context::Context;
use crate::model::{AttendanceChange, Event, EventKind, Group, MemberId, Timestamp};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AttendanceStatus {
    /// In the room at some point, possibly late or leaving early.
    Attended,
    Absent,
    Excused,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MemberAttendance {
    pub status: AttendanceStatus,
    /// When a late member arrived.
    pub arrived_late: Option<Timestamp>,
    /// When a member left before the end (and did not come back).
    pub left_early: Option<Timestamp>,
}

impl MemberAttendance {
    const PRESENT: MemberAttendance = MemberAttendance {
        status: AttendanceStatus::Attended,
        arrived_late: None,
        left_early: None,
    };

    pub fn attended(&self) -> bool {
        self.status == AttendanceStatus::Attended
    }

    /// Attended from start to end.
    pub fn throughout(&self) -> bool {
        self.attended() && self.arrived_late.is_none() && self.left_early.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttendanceLine {
    pub name: String,
    pub attendance: MemberAttendance,
    /// The words logged with the member's attendance changes.
    pub notes: Vec<AttendanceNote>,
}

/// Words typed with an attendance change: why a member left, was absent, came late.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttendanceNote {
    pub at: Timestamp,
    pub change: AttendanceChange,
    /// "arrived", "left early", "absent", "excused".
    pub label: &'static str,
    pub text: String,
}

/// The words logged with one member's standing attendance changes, in the
/// order logged; `words` trims, redacts or scrubs them (`None` drops one).
pub fn notes(
    standing: &[(&Event, &EventKind)],
    id: &MemberId,
    words: impl Fn(&str) -> Option<String>,
) -> Vec<AttendanceNote> {
    standing
        .iter()
        .filter_map(|(event, kind)| match kind {
            EventKind::Attendance {
                member,
                change,
                text: Some(text),
            } if member == id => Some(AttendanceNote {
                at: event.at,
                change: *change,
                label: change.label(),
                text: words(text)?,
            }),
            _ => None,
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttendanceFacts {
    pub on_roster: usize,
    /// Members who were in the room at some point.
    pub attended: usize,
    /// Absent and excused together.
    pub not_attended: usize,
    pub excused: usize,
    /// One line per roster member, in roster order.
    pub lines: Vec<AttendanceLine>,
}

/// Folds the standing attendance events in the order they were logged, as
/// the live figures do: an arrival after leaving early is a return, any other
/// arrival makes the member late.
pub fn fold(
    group: &Group,
    standing: &[(&Event, &EventKind)],
) -> BTreeMap<MemberId, MemberAttendance> {
    let mut attendance: BTreeMap<MemberId, MemberAttendance> = group
        .members
        .iter()
        .map(|member| (member.id.clone(), MemberAttendance::PRESENT))
        .collect();
    for (event, kind) in standing {
        let EventKind::Attendance { member, change, .. } = kind else {
            continue;
        };
        let entry = attendance
            .entry(member.clone())
            .or_insert(MemberAttendance::PRESENT);
        match change {
            AttendanceChange::Arrived => {
                if entry.left_early.is_some() && entry.attended() {
                    entry.left_early = None;
                } else if entry.arrived_late.is_none() {
                    entry.arrived_late = Some(event.at);
                }
                entry.status = AttendanceStatus::Attended;
            }
            AttendanceChange::LeftEarly => {
                entry.status = AttendanceStatus::Attended;
                entry.left_early = Some(event.at);
            }
            AttendanceChange::Absent => {
                *entry = MemberAttendance {
                    status: AttendanceStatus::Absent,
                    ..MemberAttendance::PRESENT
                };
            }
            AttendanceChange::Excused => {
                *entry = MemberAttendance {
                    status: AttendanceStatus::Excused,
                    ..MemberAttendance::PRESENT
                };
            }
        }
    }
    attendance
}

pub fn gather(ctx: &Context<'_>) -> AttendanceFacts {
    let lines: Vec<AttendanceLine> = ctx
        .group
        .members
        .iter()
        .map(|member| AttendanceLine {
            name: ctx.names.member(&member.id),
            attendance: of(ctx, &member.id),
            notes: notes(&ctx.standing, &member.id, |text| ctx.text(Some(text))),
        })
        .collect();
    let count = |status| {
        lines
            .iter()
            .filter(|line| line.attendance.status == status)
            .count()
    };
    AttendanceFacts {
        on_roster: lines.len(),
        attended: count(AttendanceStatus::Attended),
        not_attended: count(AttendanceStatus::Absent) + count(AttendanceStatus::Excused),
        excused: count(AttendanceStatus::Excused),
        lines,
    }
}

pub fn of(ctx: &Context<'_>, id: &MemberId) -> MemberAttendance {
    ctx.attendance
        .get(id)
        .copied()
        .unwrap_or(MemberAttendance::PRESENT)
}
