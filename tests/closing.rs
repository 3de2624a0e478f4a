//! The observation form (`o`) and the closing step after `q`, at 80x24: the
//! real `Shell` on a temp store, driven by key events, read as the
//! facilitator sees it and in the session file it writes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/screen.rs"]
mod screen;
#[path = "support/store.rs"]
mod store;

use groupscribe::model::taxonomy::{ParticipationQuality, Presentation};
use groupscribe::model::{ClosingStep, Event, EventKind, MomentKind, Timestamp};
use groupscribe::tui::{Action, ManualClock, Shell};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use screen::{buffer_text, started_shell};
use store::TempStore;

fn start() -> Timestamp {
    chrono::DateTime::parse_from_rfc3339("2026-11-19T18:00:00-05:00").unwrap()
}

struct Run {
    store: TempStore,
    shell: Shell<TestBackend, ManualClock>,
}

impl Run {
    /// A new session of the sample group, Ana then Ben speaking for a minute.
    fn new() -> Run {
        let store = TempStore::new();
        let shell = started_shell(store.root(), 80, 24, start());
        let mut run = Run { store, shell };
        run.keys("\r1");
        run.wait(60);
        run.keys("2");
        run.wait(60);
        run
    }

    /// `\r` Enter, `\t` Tab, `\x1b` Esc, `↓` Down, anything else a character.
    fn keys(&mut self, keys: &str) {
        for c in keys.chars() {
            let code = match c {
                '\r' => KeyCode::Enter,
                '\t' => KeyCode::Tab,
                '\x1b' => KeyCode::Esc,
                '↓' => KeyCode::Down,
                c => KeyCode::Char(c),
            };
            self.shell
                .handle(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        }
    }

    fn wait(&mut self, seconds: i64) {
        self.shell.clock().advance(seconds);
        self.shell.handle(Action::Tick);
    }

    fn screen(&mut self) -> String {
        self.shell.draw().unwrap();
        buffer_text(self.shell.terminal.backend().buffer())
            .lines()
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn events(&self) -> Vec<Event> {
        self.store.load(&self.store.only_session()).session.events
    }

    fn note(&self) -> String {
        std::fs::read_to_string(self.store.only_session().with_extension("note.md")).unwrap()
    }
}

fn observations(events: &[Event]) -> Vec<(&str, groupscribe::model::Observation, Option<&str>)> {
    events
        .iter()
        .filter_map(|event| match &event.kind {
            EventKind::Moment(moment) => match &moment.what {
                MomentKind::Observation(seen) => Some((
                    moment.members[0].as_str(),
                    seen.clone(),
                    moment.text.as_deref(),
                )),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

#[test]
fn o_observes_the_member_speaking_with_a_digit_per_list() {
    let mut run = Run::new();
    run.keys("o");
    insta::assert_snapshot!("observation_form", run.screen());
    // Ben is speaking and proposed: tearful, minimal, Tab past the response
    // and the progress, words, Enter.
    run.keys("53\t\tspoke of his father\r");
    let events = run.events();
    let seen = observations(&events);
    assert_eq!(seen.len(), 1, "{events:?}");
    assert_eq!(seen[0].0, "ben");
    assert_eq!(seen[0].1.presentation, Some(Presentation::Tearful));
    assert_eq!(seen[0].1.participation, Some(ParticipationQuality::Minimal));
    assert_eq!(seen[0].1.response, None);
    assert_eq!(seen[0].2, Some("spoke of his father"));
}

#[test]
fn the_closing_step_walks_every_member_who_attended_prefilled() {
    let mut run = Run::new();
    run.keys("o2\r"); // Ben, speaking, proposed: calm, logged live
    run.keys("qy");
    insta::assert_snapshot!("closing_first_member", run.screen());
    // Ana: engaged, active, receptive, progressing, goal +1, words.
    run.keys("1111");
    run.keys("4");
    run.keys("asked her brother\r");
    // Ben: pre-filled with the observation logged live.
    let screen = run.screen();
    insta::assert_snapshot!("closing_second_member_prefilled", screen);
    run.keys("\r");
    let present = run.store.group().members.len();
    for _ in 2..present {
        run.keys("\r");
    }
    let events = run.events();
    let kinds: Vec<&EventKind> = events.iter().map(|event| &event.kind).collect();
    assert_eq!(
        kinds[kinds.len() - 2..],
        [
            &EventKind::Closing(ClosingStep::Finished),
            &EventKind::Ended
        ]
    );
    let seen = observations(&events);
    // Ben's live one, Ana's and Ben's own from the closing step.
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert_eq!((seen[1].0, seen[1].2), ("ana", Some("asked her brother")));
    assert_eq!(seen[2].0, "ben");
    assert_eq!(seen[2].1.presentation, Some(Presentation::Calm));
    assert!(events.iter().any(|event| matches!(
        &event.kind,
        EventKind::GoalRating { member, rating: 1, .. } if member.as_str() == "ana"
    )));
    let note = run.note();
    assert!(
        note.contains("presentation: engaged; participation: participated actively"),
        "{note}"
    );
    assert!(run.screen().contains("Note written to"));
}

#[test]
fn s_skips_the_closing_step_and_esc_leaves_it_for_later() {
    let mut run = Run::new();
    run.keys("qys");
    let events = run.events();
    assert_eq!(
        events[events.len() - 2].kind,
        EventKind::Closing(ClosingStep::Skipped)
    );
    assert!(observations(&events).is_empty());
    // The store is a temp folder: its path is not part of the snapshot.
    let root = run.store.root().display().to_string();
    insta::assert_snapshot!("closing_skipped", run.screen().replace(&root, "STORE"));

    let mut run = Run::new();
    run.keys("qy\r\x1b");
    let events = run.events();
    let present = u32::try_from(run.store.group().members.len()).unwrap();
    assert_eq!(
        events[events.len() - 2].kind,
        EventKind::Closing(ClosingStep::Later { left: present - 1 })
    );
    assert_eq!(events[events.len() - 1].kind, EventKind::Ended);
}

#[test]
fn the_risk_picker_tabs_past_its_words_to_assessment_action_and_follow_up() {
    let mut run = Run::new();
    // Elevated, about Ben (speaking, proposed), words, then Tab to the detail.
    run.keys("r2\t\tnot sleeping\t");
    run.keys("passive thoughts, no plan\t12\t18:05\t\tMaria L.\t+2");
    insta::assert_snapshot!("risk_with_fields", run.screen());
    run.keys("\r");
    let events = run.events();
    let Some(EventKind::Moment(moment)) = events.last().map(|event| &event.kind) else {
        panic!("{events:?}")
    };
    let MomentKind::Risk(level, detail) = &moment.what else {
        panic!("{moment:?}")
    };
    assert_eq!(*level, groupscribe::model::taxonomy::RiskLevel::Elevated);
    assert_eq!(moment.members[0].as_str(), "ben");
    assert_eq!(moment.text.as_deref(), Some("not sleeping"));
    assert_eq!(
        detail.assessment.as_deref(),
        Some("passive thoughts, no plan")
    );
    assert_eq!(detail.actions.len(), 2);
    assert_eq!(detail.follow_up_owner.as_deref(), Some("Maria L."));
    assert_eq!(
        detail.follow_up_due,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 21)
    );
    assert_eq!(
        detail.informed_at.map(|at| at.format("%H:%M").to_string()),
        Some("18:05".into())
    );
    // Enter in the picker still logs a risk at once, with nothing recorded.
    run.keys("r1\r");
    let events = run.events();
    let Some(EventKind::Moment(moment)) = events.last().map(|event| &event.kind) else {
        panic!("{events:?}")
    };
    assert_eq!(
        moment.what,
        MomentKind::risk(groupscribe::model::taxonomy::RiskLevel::Concern)
    );
}
