//! A member's attendance in words, from the attendance facts.

use crate::note::display::hour_minute;
use crate::note::facts::{AttendanceStatus, MemberAttendance};

/// A member's attendance in a few words: `present`, `late (arrived 18:10)`,
/// `left early (19:05)`, `late (arrived 18:10), left early (19:05)`,
/// `absent`, `excused`.
pub fn attendance(attendance: &MemberAttendance) -> String {
    match attendance.status {
        AttendanceStatus::Absent => "absent".into(),
        AttendanceStatus::Excused => "excused".into(),
        AttendanceStatus::Attended => {
            let mut parts = Vec::new();
            if let Some(at) = attendance.arrived_late {
                parts.push(format!("late (arrived {})", hour_minute(at)));
            }
            if let Some(at) = attendance.left_early {
                parts.push(format!("left early ({})", hour_minute(at)));
            }
            if parts.is_empty() {
                "present".into()
            } else {
                parts.join(", ")
            }
        }
    }
}
