//! The running figures of a session being logged: which events stand (not
//! retracted, amended ones as they now read) and the participation folded over
//! them, kept up to date event by event. An undo or an amendment changes the
//! past: the fold is taken up again from the last checkpoint before the event it
//! changes (one every `CHECKPOINT_EVERY` standing events), so undoing one of the
//! last events costs the same at 500 events and at 500,000. Equal, by a property
//! test, to `Participation::fold` and `model::effective_positions` from scratch.

use super::Participation;
use crate::model::{Event, EventId, EventKind, Group, Session, effective_positions};
use std::collections::{HashMap, HashSet};

/// Standing events between two checkpoints of the fold (a few in tests, so that
/// the property test re-folds from checkpoints).
const CHECKPOINT_EVERY: usize = if cfg!(test) { 4 } else { 1_024 };

#[derive(Debug, Clone)]
pub struct Running {
    /// The fold before any event.
    begin: Participation,
    /// Folded over every standing event, the current turn still open.
    folded: Participation,
    /// Positions (in the session's events) of the events that stand, ascending.
    standing: Vec<usize>,
    /// What an amended standing event now reads, by position.
    amended: HashMap<usize, EventKind>,
    /// The standing events of the sorts a frame reads, by position.
    sorts: Sorts,
    position_of: HashMap<EventId, usize>,
    /// Every id some event retracts (a retracted retraction still retracts, as
    /// in `effective_positions`).
    retracted: HashSet<EventId>,
    /// Per target, the positions of its amendments that stand, in order: the last wins.
    amendments: HashMap<EventId, Vec<usize>>,
    /// (standing events folded, the fold after them), ascending.
    checkpoints: Vec<(usize, Participation)>,
}

impl Running {
    /// The figures of `session` from scratch (one pass, no re-folds).
    pub fn new(group: &Group, session: &Session) -> Running {
        let begin = Participation::begin(group, session);
        let events = &session.events;
        let mut running = Running {
            folded: begin.clone(),
            begin,
            standing: Vec::new(),
            amended: HashMap::new(),
            sorts: Sorts::default(),
            position_of: HashMap::with_capacity(events.len()),
            retracted: HashSet::new(),
            amendments: HashMap::new(),
            checkpoints: Vec::new(),
        };
        for (position, event) in events.iter().enumerate() {
            running.position_of.insert(event.id, position);
            if let Some(target) = event.kind.retracts() {
                running.retracted.insert(target);
            }
        }
        for (position, event) in events.iter().enumerate() {
            if let EventKind::Amendment { target, .. } = &event.kind
                && !running.retracted.contains(&event.id)
            {
                running
                    .amendments
                    .entry(*target)
                    .or_default()
                    .push(position);
            }
        }
        for (position, kind) in effective_positions(events) {
            running.standing.push(position);
            if *kind != events[position].kind {
                running.amended.insert(position, kind.clone());
            }
            running.sorts.mark(position, Some(kind));
        }
        running.refold_from(0, events);
        running
    }

    /// The fold over every standing event, the current turn open (read it with `at`).
    pub fn folded(&self) -> &Participation {
        &self.folded
    }

    /// Positions of the standing events, oldest first.
    pub fn standing(&self) -> &[usize] {
        &self.standing
    }

    /// Positions of the standing risk moments, oldest first.
    pub fn risks(&self) -> &[usize] {
        &self.sorts.risks
    }

    /// Positions of the standing events other than floor turns, oldest first.
    pub fn not_turns(&self) -> &[usize] {
        &self.sorts.not_turns
    }

    /// Positions of the standing checklist ticks (and declarations), oldest first.
    pub fn tasks(&self) -> &[usize] {
        &self.sorts.tasks
    }

    /// The standing event at `position` as it now reads.
    pub fn resolve<'e>(
        &'e self,
        events: &'e [Event],
        position: usize,
    ) -> Option<(&'e Event, &'e EventKind)> {
        resolve(&self.amended, events, position)
    }

    /// The last of `events` was just added to the session.
    pub fn push(&mut self, events: &[Event]) {
        let Some(position) = events.len().checked_sub(1) else {
            return;
        };
        let event = &events[position];
        self.position_of.insert(event.id, position);
        if let Some(target) = event.kind.retracts()
            && self.retracted.insert(target)
        {
            self.retract(target, events);
        }
        if self.retracted.contains(&event.id) {
            return;
        }
        if let EventKind::Amendment { target, .. } = &event.kind {
            self.amendments.entry(*target).or_default().push(position);
            self.reread(*target, events);
            return;
        }
        let Some(original) = event.kind.as_happened() else {
            return;
        };
        let kind = match self.current_amendment(event.id, events) {
            Some(replacement) => {
                self.amended.insert(position, replacement.clone());
                replacement
            }
            None => original,
        };
        self.sorts.mark(position, Some(kind));
        self.standing.push(position);
        self.fold_rank(self.standing.len() - 1, events);
    }

    /// `events` lost the ones after `kept` (their writes failed). Undone in place
    /// when they changed nothing before them; else the figures are built again.
    pub fn forget_after(&mut self, group: &Group, session: &Session, removed: &[Event]) {
        let kept = session.events.len();
        let tail = removed.iter().all(|event| {
            !event.kind.is_record_keeping()
                && self.position_of.get(&event.id).is_some_and(|&p| p >= kept)
        });
        if !tail {
            *self = Running::new(group, session);
            return;
        }
        for event in removed {
            self.position_of.remove(&event.id);
        }
        while self.standing.last().is_some_and(|&p| p >= kept) {
            self.standing.pop();
        }
        self.sorts.forget_from(kept);
        self.amended.retain(|&position, _| position < kept);
        self.refold_from(self.standing.len(), &session.events);
    }

    /// The latest standing amendment of `id`, if any.
    fn current_amendment<'e>(&self, id: EventId, events: &'e [Event]) -> Option<&'e EventKind> {
        let position = *self.amendments.get(&id)?.last()?;
        match &events.get(position)?.kind {
            EventKind::Amendment { replacement, .. } => Some(replacement),
            _ => None,
        }
    }

    /// `target` no longer counts.
    fn retract(&mut self, target: EventId, events: &[Event]) {
        let Some(&position) = self.position_of.get(&target) else {
            return;
        };
        if let EventKind::Amendment {
            target: amended, ..
        } = &events[position].kind
        {
            if let Some(list) = self.amendments.get_mut(amended) {
                list.retain(|&p| p != position);
            }
            self.reread(*amended, events);
            return;
        }
        let Ok(rank) = self.standing.binary_search(&position) else {
            return;
        };
        self.standing.remove(rank);
        self.amended.remove(&position);
        self.sorts.mark(position, None);
        self.refold_from(rank, events);
    }

    /// `target`'s amendments changed: it reads its latest one, or what was logged.
    fn reread(&mut self, target: EventId, events: &[Event]) {
        let Some(&position) = self.position_of.get(&target) else {
            return;
        };
        let Ok(rank) = self.standing.binary_search(&position) else {
            return;
        };
        let Some(original) = events[position].kind.as_happened() else {
            return;
        };
        let kind = self
            .current_amendment(target, events)
            .unwrap_or(original)
            .clone();
        self.sorts.mark(position, Some(&kind));
        if kind == events[position].kind {
            self.amended.remove(&position);
        } else {
            self.amended.insert(position, kind);
        }
        self.refold_from(rank, events);
    }

    /// Folds again from the standing event of `rank` on, from the last checkpoint
    /// at or before it.
    fn refold_from(&mut self, rank: usize, events: &[Event]) {
        let keep = self
            .checkpoints
            .partition_point(|(count, _)| *count <= rank);
        self.checkpoints.truncate(keep);
        let (start, state) = match self.checkpoints.last() {
            Some((count, state)) => (*count, state.clone()),
            None => (0, self.begin.clone()),
        };
        self.folded = state;
        for rank in start..self.standing.len() {
            self.fold_rank(rank, events);
        }
    }

    /// Folds in the standing event of `rank`, the next one, keeping a checkpoint
    /// before it when one is due.
    fn fold_rank(&mut self, rank: usize, events: &[Event]) {
        if rank > 0
            && rank.is_multiple_of(CHECKPOINT_EVERY)
            && self
                .checkpoints
                .last()
                .is_none_or(|(count, _)| *count < rank)
        {
            self.checkpoints.push((rank, self.folded.clone()));
        }
        let position = self.standing[rank];
        if let Some((event, kind)) = resolve(&self.amended, events, position) {
            self.folded.apply(event.at, kind, None);
        }
    }
}

/// The positions of the standing events of each sort a frame reads, ascending:
/// so that the moments list, the checklists and the pickers never walk every
/// turn of a long session.
#[derive(Debug, Clone, Default)]
struct Sorts {
    /// Risk moments (pinned on screen).
    risks: Vec<usize>,
    /// Everything but floor turns: moments, segments, breaks, attendance...
    not_turns: Vec<usize>,
    /// Checklist ticks and declarations (task moments).
    tasks: Vec<usize>,
}

impl Sorts {
    /// The standing event at `position` now reads `kind` (`None`: it no longer stands).
    fn mark(&mut self, position: usize, kind: Option<&EventKind>) {
        let is = |test: fn(&EventKind) -> bool| kind.is_some_and(test);
        set(&mut self.risks, position, is(EventKind::is_risk));
        set(
            &mut self.not_turns,
            position,
            !is(EventKind::is_turn) && kind.is_some(),
        );
        set(&mut self.tasks, position, is(EventKind::is_task));
    }

    /// The events from `kept` on are gone.
    fn forget_from(&mut self, kept: usize) {
        for list in [&mut self.risks, &mut self.not_turns, &mut self.tasks] {
            let keep = list.partition_point(|&p| p < kept);
            list.truncate(keep);
        }
    }
}

/// `position` is in the ascending `list` or not (now). Appending is the common case.
fn set(list: &mut Vec<usize>, position: usize, on: bool) {
    if on && list.last().is_none_or(|&last| last < position) {
        list.push(position);
        return;
    }
    match (list.binary_search(&position), on) {
        (Ok(at), false) => {
            list.remove(at);
        }
        (Err(at), true) => list.insert(at, position),
        _ => {}
    }
}

fn resolve<'e>(
    amended: &'e HashMap<usize, EventKind>,
    events: &'e [Event],
    position: usize,
) -> Option<(&'e Event, &'e EventKind)> {
    let event = events.get(position)?;
    let kind = match amended.get(&position) {
        Some(kind) => kind,
        None => event.kind.as_happened()?,
    };
    Some((event, kind))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixture::{self, at, speaks};
    use crate::model::taxonomy::RiskLevel;
    use crate::model::{
        AttendanceChange, Author, BreakEdge, Floor, MemberId, MomentKind, RecordEntry,
    };
    use proptest::prelude::*;

    fn group() -> Group {
        let member = |id: &str| fixture::member(id, &id.to_uppercase());
        fixture::group(vec![member("ana"), member("ben"), member("cy")])
    }

    fn happened(choice: u8) -> EventKind {
        match choice % 13 {
            0 => speaks("ana"),
            1 => speaks("ben"),
            2 => speaks("cy"),
            3 => EventKind::Floor(Floor::Facilitator),
            4 => EventKind::Floor(Floor::Silence),
            5 => EventKind::Break(BreakEdge::Start),
            6 => EventKind::Break(BreakEdge::End),
            7 => EventKind::Segment("main activity".into()),
            8 => EventKind::Attendance {
                member: MemberId::new("ben"),
                change: AttendanceChange::LeftEarly,
                text: None,
            },
            9 => fixture::moment(MomentKind::risk(RiskLevel::Concern), &["cy"], None),
            10 => fixture::moment(MomentKind::Theme, &["ana"], Some("x")),
            11 => fixture::moment(
                MomentKind::Task(crate::model::PhaseTask::EndingPhase),
                &[],
                None,
            ),
            _ => EventKind::Ended,
        }
    }

    /// One step of a session: an event, an undo of one of the events so far (any
    /// kind: a turn, an amendment, an undo), an amendment, a late entry, or the
    /// loss of the last few events (a failed sync).
    #[derive(Debug, Clone)]
    enum Step {
        Happened(u8),
        Undo(usize),
        ReviewRetraction(usize),
        Amend(usize, u8),
        Late(u8),
        Forget(usize),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            6 => any::<u8>().prop_map(Step::Happened),
            2 => any::<usize>().prop_map(Step::Undo),
            1 => any::<usize>().prop_map(Step::ReviewRetraction),
            2 => (any::<usize>(), any::<u8>()).prop_map(|(t, k)| Step::Amend(t, k)),
            1 => any::<u8>().prop_map(Step::Late),
            1 => (1usize..4).prop_map(Step::Forget),
        ]
    }

    fn assert_same(running: &Running, group: &Group, session: &Session, now: Timestamp) {
        let expected: Vec<(usize, &EventKind)> = effective_positions(&session.events);
        let got: Vec<(usize, &EventKind)> = (running.standing().iter())
            .filter_map(|&p| running.resolve(&session.events, p).map(|(_, k)| (p, k)))
            .collect();
        assert_eq!(got, expected);
        let risks: Vec<usize> = (expected.iter())
            .filter(|(_, kind)| kind.is_risk())
            .map(|(p, _)| *p)
            .collect();
        assert_eq!(running.risks(), &risks[..]);
        let not_turns: Vec<usize> = (expected.iter())
            .filter(|(_, kind)| !matches!(kind, EventKind::Floor(_)))
            .map(|(p, _)| *p)
            .collect();
        assert_eq!(running.not_turns(), &not_turns[..]);
        let tasks: Vec<usize> = (expected.iter())
            .filter(|(_, kind)| matches!(kind, EventKind::Moment(m) if matches!(m.what, MomentKind::Task(_))))
            .map(|(p, _)| *p)
            .collect();
        assert_eq!(running.tasks(), &tasks[..]);
        assert_eq!(running.folded(), &Participation::fold(group, session));
        assert_eq!(
            running.folded().at(now),
            Participation::compute(group, session, now)
        );
    }

    use crate::model::Timestamp;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// After any sequence of events, undos and amendments, the running figures
        /// are those of a full re-fold (with checkpoints every 4 events in the
        /// test's build, so that re-folds start from them).
        #[test]
        fn incremental_figures_equal_a_full_refold(
            steps in proptest::collection::vec((step(), 0i64..90), 0..120),
        ) {
            let group = group();
            let mut session = fixture::session_of(fixture::header(), vec![]);
            let mut running = Running::new(&group, &session);
            let mut clock = 0;
            let mut next = 1u32;
            for (step, gap) in steps {
                clock += gap;
                let ids: Vec<EventId> = session.events.iter().map(|e| e.id).collect();
                let pick = |n: usize| ids.get(n % ids.len().max(1)).copied();
                let kind = match step {
                    Step::Happened(choice) => Some(happened(choice)),
                    Step::Undo(n) => pick(n).map(|target| EventKind::Retraction { target }),
                    Step::ReviewRetraction(n) => pick(n).map(|target| {
                        EventKind::Record(RecordEntry::Retracted { target, reason: "r".into() })
                    }),
                    Step::Amend(n, choice) => pick(n).map(|target| EventKind::Amendment {
                        target,
                        replacement: Box::new(happened(choice)),
                        reason: "r".into(),
                    }),
                    Step::Late(choice) => Some(EventKind::Record(RecordEntry::Late {
                        what: Box::new(happened(choice)),
                        written: at(clock),
                        reason: "r".into(),
                    })),
                    Step::Forget(count) => {
                        let keep = session.events.len().saturating_sub(count);
                        let removed = session.events.split_off(keep);
                        running.forget_after(&group, &session, &removed);
                        None
                    }
                };
                if let Some(kind) = kind {
                    session.events.push(Event { id: EventId(next), at: at(clock), by: Author::Facilitator, kind });
                    next += 1;
                    running.push(&session.events);
                }
                assert_same(&running, &group, &session, at(clock + 30));
            }
        }
    }
}
