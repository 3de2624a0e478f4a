//! The fictional sample group's past sessions, made by a seeded generator so they can
//! be regenerated (`cargo run --example sample-group`) whenever the format grows.
//! Pure: it builds sessions from the group; writing them is the example's job.
//!
//! Every name, word and event here is invented. The three sessions tell a small story
//! across weeks: a process conflict between two members emerges in session 1 and is
//! resolved in session 2; a member's sleep becomes a risk concern in session 2; the
//! group moves from forming through storming to norming. The first session
//! goes over the contract (its checklist ticked), so session 4 opens with
//! what carries over from the three.

use crate::model::taxonomy::{
    Choice, ContractTask, GoalProgress, ParticipationQuality, Presentation, Skill, Stage,
};
use crate::model::taxonomy::{ConflictStatus, ConflictType, MutualAidKind, NormAction, RiskLevel};
use crate::model::{
    AttendanceChange, Author, BreakEdge, Event, EventId, EventKind, Floor, Group, MemberId, Moment,
    MomentKind, Observation, PhaseTask, SCHEMA_VERSION, Session, SessionHeader, Timestamp,
};
use chrono::{Duration, FixedOffset, NaiveDate, Offset, TimeZone};

/// File name of the sample's session `number`: no real session is named like this
/// (real ones are `<date>-sNN.ron`), so `.gitignore` can keep every real record out.
pub fn file_name(session: &Session) -> String {
    format!(
        "{}-s{:02}.sample.ron",
        session.header.started.format("%Y-%m-%d"),
        session.header.number
    )
}

/// The three past sessions of the sample group, in order.
pub fn sessions(group: &Group, slug: &str) -> Vec<Session> {
    PLANS
        .iter()
        .enumerate()
        .map(|(index, plan)| session(group, slug, index as u32 + 1, plan))
        .collect()
}

/// xorshift64*: small, seeded, the same on every machine. The sample sessions are
/// drawn with it, and the randomized tests (`tests/crash.rs`, `tests/powercut.rs`)
/// pick their keys and moments with it.
pub struct Rng(u64);

impl Rng {
    /// A generator started at `seed` (0, which xorshift cannot leave, is taken as 1).
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// A number in `low..=high`.
    fn range(&mut self, low: i64, high: i64) -> i64 {
        low + self.below((high - low + 1) as u64) as i64
    }
}

/// What one session holds, besides the turns the generator draws.
struct Plan {
    date: (i32, u32, u32),
    seed: u64,
    minutes: i64,
    stage: Stage,
    /// (member, minute they arrived)
    late: &'static [(&'static str, i64)],
    /// (member, minute they left, why)
    left: &'static [(&'static str, i64, &'static str)],
    /// (member, absent or excused, why)
    absent: &'static [(&'static str, AttendanceChange, &'static str)],
    moments: &'static [Script],
    plans: &'static [(&'static [&'static str], &'static str)],
    /// (member, rating, evidence) at check-out; goal 0.
    ratings: &'static [(&'static str, i8, &'static str)],
}

/// A moment at a minute of the session.
enum Script {
    Norm(i64, NormAction, &'static str),
    Conflict(
        i64,
        ConflictType,
        ConflictStatus,
        &'static [&'static str],
        &'static str,
    ),
    Aid(i64, MutualAidKind, &'static [&'static str], &'static str),
    Skill(i64, Skill, &'static [&'static str]),
    Risk(i64, RiskLevel, &'static str, &'static str),
    Note(i64, &'static str),
    /// What the group worked on.
    Theme(i64, &'static str),
    Bookmark(i64, &'static str),
    /// The worker's observation of one member.
    Observe(
        i64,
        &'static str,
        Presentation,
        ParticipationQuality,
        GoalProgress,
        &'static str,
    ),
    /// A key pressed by mistake and undone a few seconds later.
    Undone(i64),
    /// An item of the contract or ending checklist ticked.
    Task(i64, PhaseTask),
}

const PLANS: [Plan; 3] = [
    Plan {
        date: (2026, 11, 5),
        seed: 0x5eed_0001,
        minutes: 82,
        stage: Stage::Forming,
        late: &[("fay", 12)],
        left: &[("gus", 66, "had to collect his granddaughter from school")],
        absent: &[],
        moments: &[
            Script::Norm(3, NormAction::Reviewed, "what is said here stays here"),
            Script::Theme(16, "feeling alone with the caring"),
            Script::Norm(5, NormAction::Established, "start and end on time"),
            Script::Skill(8, Skill::EncouragingMemberTalk, &[]),
            Script::Aid(
                18,
                MutualAidKind::SameBoat,
                &["ana", "ben"],
                "both care for a parent who no longer recognises them",
            ),
            Script::Skill(21, Skill::Linking, &["ana", "ben"]),
            Script::Aid(
                27,
                MutualAidKind::SharingData,
                &["fay", "hana"],
                "which day centres take people at short notice",
            ),
            Script::Bookmark(31, "Hana's story about the night-time phone calls"),
            Script::Conflict(
                44,
                ConflictType::Process,
                ConflictStatus::Emerged,
                &["ana", "dana"],
                "whether the group should give advice or only listen",
            ),
            Script::Skill(46, Skill::MediatingConflict, &["ana", "dana"]),
            Script::Conflict(
                49,
                ConflictType::Process,
                ConflictStatus::Addressed,
                &["ana", "dana"],
                "agreed to come back to it next week",
            ),
            Script::Undone(52),
            Script::Aid(58, MutualAidKind::MutualSupport, &["dana", "eli"], ""),
            Script::Skill(61, Skill::Summarising, &[]),
            Script::Note(70, "Eli spoke for the first time when asked directly."),
            // The beginning contract, gone over at the start of the first session.
            Script::Task(1, PhaseTask::Contract(ContractTask::Purpose)),
            Script::Task(2, PhaseTask::Contract(ContractTask::Confidentiality)),
            Script::Task(2, PhaseTask::Contract(ContractTask::Roles)),
            Script::Task(6, PhaseTask::Contract(ContractTask::Norms)),
            Script::Task(7, PhaseTask::Contract(ContractTask::Goals)),
        ],
        plans: &[
            (&["ana", "dana"], "return to how the group gives advice"),
            (&[], "start with a short check-in round"),
        ],
        ratings: &[
            ("ana", -1, ""),
            ("ben", 0, ""),
            ("dana", -1, ""),
            ("eli", -2, "did not speak until asked directly"),
            ("fay", 0, ""),
            ("hana", -1, ""),
        ],
    },
    Plan {
        date: (2026, 11, 12),
        seed: 0x5eed_0002,
        minutes: 88,
        stage: Stage::Storming,
        late: &[],
        left: &[],
        absent: &[
            (
                "hana",
                AttendanceChange::Excused,
                "phoned on Tuesday: her mother is in hospital",
            ),
            ("gus", AttendanceChange::Absent, "no word from him"),
        ],
        moments: &[
            Script::Norm(2, NormAction::Reviewed, "one voice at a time"),
            Script::Theme(15, "asking family for help"),
            Script::Theme(50, "sleep and exhaustion"),
            Script::Conflict(
                9,
                ConflictType::Process,
                ConflictStatus::Resolved,
                &["ana", "dana"],
                "advice only when someone asks for it",
            ),
            Script::Norm(
                10,
                NormAction::Established,
                "advice only when someone asks for it",
            ),
            Script::Norm(23, NormAction::Challenged, "phones away"),
            Script::Skill(24, Skill::ReviewingNorms, &[]),
            Script::Norm(25, NormAction::Reinforced, "phones away"),
            Script::Aid(
                33,
                MutualAidKind::Rehearsal,
                &["ben", "fay"],
                "practised asking a sibling for a weekend off",
            ),
            Script::Skill(34, Skill::RolePlay, &["ben"]),
            Script::Risk(
                47,
                RiskLevel::Concern,
                "eli",
                "has slept about four hours a night since the move; says he is coping",
            ),
            Script::Skill(48, Skill::Supporting, &["eli"]),
            Script::Observe(
                49,
                "eli",
                Presentation::Flat,
                ParticipationQuality::WhenInvited,
                GoalProgress::NoChange,
                "spoke slowly; brightened when the others asked about his son",
            ),
            Script::Aid(
                55,
                MutualAidKind::TabooTopic,
                &["dana", "ana"],
                "feeling relief when the person you care for is away",
            ),
            Script::Skill(57, Skill::Reframing, &["dana"]),
            Script::Aid(64, MutualAidKind::UniversalPerspective, &["fay", "ben"], ""),
            Script::Undone(66),
            Script::Note(72, "Dana and Ana sat together at the break."),
        ],
        plans: &[
            (
                &["eli"],
                "check in with Eli about sleep before the group starts",
            ),
            (&[], "share the list of respite services"),
        ],
        ratings: &[
            ("ana", 0, ""),
            ("ben", 0, ""),
            ("dana", 0, ""),
            ("eli", -1, ""),
            ("fay", 1, ""),
        ],
    },
    Plan {
        date: (2026, 11, 19),
        seed: 0x5eed_0003,
        minutes: 77,
        stage: Stage::Norming,
        late: &[("dana", 9)],
        left: &[],
        absent: &[],
        moments: &[
            Script::Norm(
                2,
                NormAction::Reviewed,
                "advice only when someone asks for it",
            ),
            Script::Skill(4, Skill::AssessingGoals, &[]),
            Script::Theme(13, "nights and wandering"),
            Script::Theme(44, "speaking up to services together"),
            Script::Aid(
                14,
                MutualAidKind::ProblemSolving,
                &["gus", "ben", "hana"],
                "how to get a night's sleep when the person you care for wanders",
            ),
            Script::Skill(16, Skill::Clarifying, &["gus"]),
            Script::Conflict(
                29,
                ConflictType::Task,
                ConflictStatus::Emerged,
                &["ben", "fay"],
                "whether to invite a speaker from the memory clinic",
            ),
            Script::Aid(36, MutualAidKind::Dialectic, &["ben", "fay"], ""),
            Script::Conflict(
                39,
                ConflictType::Task,
                ConflictStatus::Resolved,
                &["ben", "fay"],
                "invite the speaker for the second half of one session",
            ),
            Script::Aid(
                46,
                MutualAidKind::StrengthInNumbers,
                &["ana", "dana", "fay"],
                "will write together to the council about respite hours",
            ),
            Script::Skill(47, Skill::GivingInformation, &[]),
            Script::Aid(
                52,
                MutualAidKind::MutualDemand,
                &["hana", "eli"],
                "asked Eli what he will do for himself this week",
            ),
            Script::Risk(
                54,
                RiskLevel::Concern,
                "eli",
                "sleep a little better; says the worry is less",
            ),
            Script::Skill(55, Skill::PlanningNextSteps, &[]),
            Script::Bookmark(60, "Eli's plan for Sunday"),
            Script::Undone(63),
            Script::Note(68, "The group ran the check-out round without prompting."),
        ],
        plans: &[
            (
                &["ana", "dana", "fay"],
                "bring the draft letter to the council",
            ),
            (&[], "confirm the date for the memory-clinic speaker"),
        ],
        ratings: &[
            ("ana", 1, "her brother took one afternoon this week"),
            ("ben", 1, ""),
            ("dana", 0, ""),
            ("eli", 0, ""),
            ("fay", 1, ""),
            ("gus", 0, ""),
            ("hana", 0, ""),
        ],
    },
];

const MINUTE: i64 = 60_000;

/// Builds one session: turns drawn from the seed around the scripted moments.
fn session(group: &Group, slug: &str, number: u32, plan: &Plan) -> Session {
    let offset: FixedOffset = chrono::Utc.fix();
    let (y, m, d) = plan.date;
    let started: Timestamp = NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|date| date.and_hms_opt(18, 0, 0))
        .and_then(|time| offset.from_local_datetime(&time).single())
        .unwrap_or_default();
    let mut rng = Rng::new(plan.seed);
    let end = plan.minutes * MINUTE;
    let break_at = 40 * MINUTE + rng.range(0, 3) * MINUTE;
    let break_len = 6 * MINUTE;
    let check_out = end - 12 * MINUTE;
    let mut timeline: Vec<(i64, EventKind)> = Vec::new();

    // Attendance first, then the agenda.
    for (member, change, why) in plan.absent {
        timeline.push((
            0,
            EventKind::Attendance {
                member: MemberId::new(*member),
                change: *change,
                text: text(why),
            },
        ));
    }
    timeline.push((0, EventKind::Segment("check-in".into())));
    timeline.push((15 * MINUTE, EventKind::Segment("main activity".into())));
    timeline.push((check_out, EventKind::Segment("check-out".into())));
    timeline.push((break_at, EventKind::Break(BreakEdge::Start)));
    timeline.push((break_at + break_len, EventKind::Break(BreakEdge::End)));
    timeline.push((20 * MINUTE, EventKind::Stage(plan.stage.label().into())));
    for (member, minute) in plan.late {
        timeline.push((
            minute * MINUTE,
            EventKind::Attendance {
                member: MemberId::new(*member),
                change: AttendanceChange::Arrived,
                text: None,
            },
        ));
    }
    for (member, minute, why) in plan.left {
        timeline.push((
            minute * MINUTE,
            EventKind::Attendance {
                member: MemberId::new(*member),
                change: AttendanceChange::LeftEarly,
                text: text(why),
            },
        ));
    }

    // Who is in the room at `t`.
    let here = |id: &str, t: i64| {
        let absent = plan.absent.iter().any(|(member, ..)| *member == id);
        let arrived = plan
            .late
            .iter()
            .find(|(member, _)| *member == id)
            .is_none_or(|(_, minute)| t >= minute * MINUTE + 20_000);
        let gone = plan
            .left
            .iter()
            .find(|(member, ..)| *member == id)
            .is_some_and(|(_, minute, _)| t >= minute * MINUTE - 20_000);
        !absent && arrived && !gone
    };

    // Turns: the facilitator opens and closes, members take most of the floor.
    let talkative = |id: &str| match id {
        "ana" | "dana" => 5,
        "ben" | "fay" | "hana" => 4,
        "gus" => 3,
        _ => 2,
    };
    let mut t = 2_000;
    let mut last: Option<Floor> = None;
    while t < end - 30_000 {
        if t >= break_at && t < break_at + break_len {
            t = break_at + break_len + 1_500;
            last = None;
            continue;
        }
        let roll = rng.range(0, 99);
        let holder = if last.is_none() || roll < 22 {
            Floor::Facilitator
        } else if roll < 28 {
            Floor::CoFacilitator
        } else if roll < 31 {
            Floor::Crosstalk
        } else if roll < 36 {
            Floor::Silence
        } else {
            let present: Vec<&str> = group
                .members
                .iter()
                .map(|member| member.id.as_str())
                .filter(|id| here(id, t))
                .collect();
            let total: i64 = present.iter().map(|id| talkative(id)).sum();
            let mut pick = rng.range(0, total.max(1) - 1);
            let mut chosen = present.first().copied().unwrap_or("ana");
            for id in &present {
                pick -= talkative(id);
                if pick < 0 {
                    chosen = id;
                    break;
                }
            }
            Floor::Member(MemberId::new(chosen))
        };
        if last.as_ref() == Some(&holder) {
            continue;
        }
        let length = match holder {
            Floor::Member(_) => rng.range(8, 80),
            Floor::Facilitator => rng.range(5, 35),
            Floor::CoFacilitator => rng.range(4, 25),
            Floor::Crosstalk => rng.range(3, 9),
            Floor::Silence => rng.range(3, 14),
        } * 1000
            + rng.range(0, 999);
        let stop = (t + length).min(end - 20_000);
        let crosses_break = t < break_at && stop > break_at;
        timeline.push((t, EventKind::Floor(holder.clone())));
        last = Some(holder);
        t = if crosses_break {
            break_at + break_len + 1_500
        } else {
            stop
        };
        if crosses_break {
            last = None;
        }
    }

    // Scripted moments, a few seconds after their minute.
    let mut undone: Vec<(i64, i64)> = Vec::new();
    for script in plan.moments {
        let (minute, kind) = moment(script);
        let at = minute * MINUTE + 4_000 + rng.range(0, 20_000);
        timeline.push((at, kind));
        if let Script::Undone(_) = script {
            // The target is numbered below: the event logged at `at`.
            undone.push((at + 2_500, at));
            timeline.push((at + 2_500, EventKind::Retraction { target: EventId(0) }));
        }
    }
    for (index, (members, text)) in plan.plans.iter().enumerate() {
        timeline.push((
            end - 6 * MINUTE + index as i64 * 40_000,
            EventKind::Moment(Moment {
                what: MomentKind::Plan,
                members: members.iter().map(|id| MemberId::new(*id)).collect(),
                text: Some((*text).into()),
            }),
        ));
    }
    for (index, (member, rating, evidence)) in plan.ratings.iter().enumerate() {
        timeline.push((
            check_out + 3 * MINUTE + index as i64 * 35_000,
            EventKind::GoalRating {
                member: MemberId::new(*member),
                goal: 0,
                rating: *rating,
                text: text(evidence),
            },
        ));
    }
    timeline.push((end, EventKind::Ended));

    // In time order (stable: scripted order wins a tie), then numbered.
    timeline.sort_by_key(|(at, _)| *at);
    let mut events: Vec<Event> = Vec::with_capacity(timeline.len());
    for (at, kind) in timeline {
        let id = EventId(events.len() as u32 + 1);
        let kind = match kind {
            // A retraction undoes the moment logged by mistake just before it.
            EventKind::Retraction { .. } => {
                let mistaken = undone
                    .iter()
                    .find(|(when, _)| *when == at)
                    .map(|(_, target)| *target);
                let target = events
                    .iter()
                    .rev()
                    .find(|event| Some((event.at - started).num_milliseconds()) == mistaken)
                    .map_or(EventId(id.0 - 1), |event| event.id);
                EventKind::Retraction { target }
            }
            EventKind::Moment(Moment {
                what:
                    MomentKind::Conflict {
                        kind,
                        status,
                        continues: Some(_),
                    },
                members,
                text,
            }) => {
                // The conflict of this type this session opened; none (a conflict
                // carried from an earlier session) matches by type and members.
                let opened = events.iter().rev().find_map(|event| match &event.kind {
                    EventKind::Moment(Moment {
                        what:
                            MomentKind::Conflict {
                                kind: earlier,
                                continues: None,
                                ..
                            },
                        ..
                    }) if *earlier == kind => Some(event.id),
                    _ => None,
                });
                EventKind::Moment(Moment {
                    what: MomentKind::Conflict {
                        kind,
                        status,
                        continues: opened,
                    },
                    members,
                    text,
                })
            }
            other => other,
        };
        events.push(Event {
            id,
            at: started + Duration::milliseconds(at),
            by: Author::Facilitator,
            kind,
        });
    }
    Session {
        header: SessionHeader {
            version: SCHEMA_VERSION,
            group: slug.to_string(),
            number,
            started,
            facilitator: group.facilitator.clone(),
            co_facilitator: group.co_facilitator.clone(),
            source: None,
            snapshot: Some(group.as_of(started.date_naive())),
            observer: None,
        },
        events,
    }
}

fn ids(members: &[&str]) -> Vec<MemberId> {
    members.iter().map(|id| MemberId::new(*id)).collect()
}

fn text(words: &str) -> Option<String> {
    (!words.is_empty()).then(|| words.to_string())
}

fn moment(script: &Script) -> (i64, EventKind) {
    let (minute, what, members, words) = match script {
        Script::Norm(minute, action, norm) => (
            *minute,
            MomentKind::Norm {
                action: *action,
                norm: (*norm).into(),
            },
            Vec::new(),
            None,
        ),
        Script::Conflict(minute, kind, status, members, words) => (
            *minute,
            MomentKind::Conflict {
                kind: *kind,
                status: *status,
                // Numbered below: an update continues the conflict this session opened.
                continues: (*status != ConflictStatus::Emerged).then_some(EventId(0)),
            },
            ids(members),
            text(words),
        ),
        Script::Aid(minute, kind, members, words) => (
            *minute,
            MomentKind::MutualAid(*kind),
            ids(members),
            text(words),
        ),
        Script::Skill(minute, skill, members) => (
            *minute,
            MomentKind::Intervention(*skill),
            ids(members),
            None,
        ),
        Script::Risk(minute, level, member, words) => (
            *minute,
            MomentKind::risk(*level),
            ids(&[member]),
            text(words),
        ),
        Script::Note(minute, words) => (*minute, MomentKind::Note, Vec::new(), text(words)),
        Script::Theme(minute, words) => (*minute, MomentKind::Theme, Vec::new(), text(words)),
        Script::Bookmark(minute, words) => (*minute, MomentKind::Bookmark, Vec::new(), text(words)),
        Script::Observe(minute, member, presentation, participation, progress, words) => (
            *minute,
            MomentKind::Observation(Observation {
                presentation: Some(*presentation),
                participation: Some(*participation),
                response: None,
                progress: Some(*progress),
            }),
            ids(&[member]),
            text(words),
        ),
        Script::Task(minute, task) => (*minute, MomentKind::Task(*task), Vec::new(), None),
        Script::Undone(minute) => (
            *minute,
            MomentKind::MutualAid(MutualAidKind::MutualSupport),
            Vec::new(),
            None,
        ),
    };
    (
        minute,
        EventKind::Moment(Moment {
            what,
            members,
            text: words,
        }),
    )
}

/// The session as its file holds it: the header line, then one event per line.
pub fn to_text(
    path: &std::path::Path,
    session: &Session,
) -> Result<String, crate::diag::FileError> {
    let mut text = crate::diag::ron_text::to_line(path, &session.header)?;
    for event in &session.events {
        text.push_str(&crate::diag::ron_text::to_line(path, event)?);
    }
    Ok(text)
}
