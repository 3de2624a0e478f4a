//! The replay: a session played back, for debriefing and training. The live
//! panel as it looked at each moment, drawn by the live screen's own view on a
//! replay clock (see `view`). The record is replayed as it now reads: amended
//! events as amended, retracted ones not at all, late entries where they
//! happened.
//!
//! The panel's figures are folded as the replay clock moves: forward, the
//! events it passes are added to the fold one by one (`Live::record`); a seek
//! back folds the events up to the new time again.

pub mod view;

use super::{CommandHint, Ctx, Home, Screen};
use crate::model::{Event, EventKind, Group, Session, Timestamp, effective_events};
use crate::tui::action::{Effect, OpenedSession};
use crate::tui::keymap::{Command, Context, Keymap};
use chrono::TimeDelta;
use ratatui::crossterm::event::KeyEvent;
use std::path::PathBuf;

use super::Live;

pub use crate::clock::{SPEEDS, Speed};

/// How far `←`/`→` and PgUp/PgDn seek.
pub const SEEK: TimeDelta = TimeDelta::seconds(10);
pub const SEEK_LONG: TimeDelta = TimeDelta::seconds(60);

pub struct Replay {
    pub path: PathBuf,
    pub group: Group,
    /// The record as it now reads, ordered by time: plain events, each with the
    /// kind it now has (a late entry as what it records).
    timeline: Vec<Event>,
    /// How many events of the timeline the panel holds (those at or before `at`).
    shown: usize,
    pub start: Timestamp,
    pub end: Timestamp,
    /// The replay clock.
    at: Timestamp,
    speed: Speed,
    /// Playing: the clock's reading and the replay time when it last started
    /// or changed speed; the replay time is reckoned from them.
    anchor: Option<(Timestamp, Timestamp)>,
    /// The live panel's state at `at`, drawn by the live view.
    pub live: Live,
    /// How many events of the record read otherwise than logged, and how many were retracted.
    pub amended: usize,
    pub retracted: usize,
    /// The screen to go back to (the review it was opened from), if any.
    back: Option<Box<Screen>>,
}

impl Replay {
    /// The replay of `opened.session` (the whole record, companions included),
    /// paused at `from` (the start if `None`), at `speed`.
    pub fn open(
        opened: OpenedSession,
        from: Option<Timestamp>,
        speed: Speed,
        now: Timestamp,
    ) -> Replay {
        let OpenedSession {
            slug,
            group,
            path,
            session,
            ..
        } = opened;
        let effective = effective_events(&session.events);
        let amended = effective
            .iter()
            .filter(|(event, kind)| {
                event.kind != **kind && !matches!(event.kind, EventKind::Record(_))
            })
            .count();
        let retracted = session
            .events
            .iter()
            .filter(|event| event.kind.retracts().is_some())
            .count();
        let mut timeline: Vec<Event> = effective
            .into_iter()
            .map(|(event, kind)| Event {
                kind: kind.clone(),
                ..event.clone()
            })
            .collect();
        timeline.sort_by_key(|event| event.at);
        let start = session.header.started;
        let end = timeline.last().map_or(start, |event| event.at).max(start);
        let header = session.header;
        let live = Live::open(OpenedSession {
            slug,
            group: group.clone(),
            path: path.clone(),
            session: Session {
                header,
                events: Vec::new(),
            },
            notice: None,
            following: true,
        });
        let mut replay = Replay {
            path,
            group,
            timeline,
            shown: 0,
            start,
            end,
            at: start,
            speed,
            anchor: None,
            live,
            amended,
            retracted,
            back: None,
        };
        replay.seek_to(from.unwrap_or(start), now);
        replay
    }

    /// Goes back to `screen` when the replay is left.
    pub fn returning_to(mut self, screen: Screen) -> Replay {
        self.back = Some(Box::new(screen));
        self
    }

    /// The replay clock.
    pub fn at(&self) -> Timestamp {
        self.at
    }

    pub fn speed(&self) -> Speed {
        self.speed
    }

    pub fn playing(&self) -> bool {
        self.anchor.is_some()
    }

    /// How many events of the record the panel shows, of how many.
    pub fn progress(&self) -> (usize, usize) {
        (self.shown, self.timeline.len())
    }

    /// Moves the replay clock to where the clock's `now` has brought it.
    pub fn advance(&mut self, now: Timestamp) {
        if let Some((wall, from)) = self.anchor {
            let target = from + self.speed.scale(now - wall);
            self.seek_to(target, now);
            if self.at >= self.end {
                self.anchor = None;
            }
        }
    }

    /// Puts the replay clock at `target` (within the session), folding forward
    /// event by event, or again from the start when going back.
    pub fn seek_to(&mut self, target: Timestamp, now: Timestamp) {
        let target = target.clamp(self.start, self.end);
        if target < self.at {
            self.shown = self.timeline.partition_point(|event| event.at <= target);
            let mut session = self.live.session.clone();
            session.events = self.timeline[..self.shown].to_vec();
            self.live.replace_session(session);
        } else {
            while let Some(event) = self.timeline.get(self.shown).filter(|e| e.at <= target) {
                self.live.record(event.clone());
                self.shown += 1;
            }
        }
        self.at = target;
        if self.anchor.is_some() {
            self.anchor = Some((now, target));
        }
    }

    fn seek_by(&mut self, delta: TimeDelta, now: Timestamp) {
        self.seek_to(self.at + delta, now);
    }

    /// Pause, or play (from the start again when at the end).
    pub fn toggle(&mut self, now: Timestamp) {
        if self.anchor.take().is_none() {
            if self.at >= self.end {
                self.seek_to(self.start, now);
            }
            self.anchor = Some((now, self.at));
        }
    }

    pub fn set_speed(&mut self, speed: Speed, now: Timestamp) {
        self.speed = speed;
        if self.anchor.is_some() {
            self.anchor = Some((now, self.at));
        }
    }

    fn step_speed(&mut self, up: bool, now: Timestamp) {
        let index = self.speed.index();
        let index = if up {
            (index + 1).min(SPEEDS.len() - 1)
        } else {
            index.saturating_sub(1)
        };
        self.set_speed(SPEEDS[index], now);
    }

    pub fn context(&self) -> Context {
        Context::Replay
    }

    pub fn commands(&self, keymap: &Keymap) -> Vec<CommandHint> {
        Command::of(Context::Replay)
            .map(|command| CommandHint {
                key: keymap.label(command),
                short: command.short(),
                long: command.describe(),
                group: "",
            })
            .collect()
    }

    /// Whether the replay clock runs, so the loop must wake every second.
    pub fn needs_ticks(&self) -> bool {
        self.playing()
    }

    pub fn update(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Vec<Effect> {
        let now = ctx.now;
        self.advance(now);
        *ctx.message = None;
        match ctx.keymap.command(Context::Replay, &key) {
            Some(Command::PlayPause) => self.toggle(now),
            Some(Command::SeekBack) => self.seek_by(-SEEK, now),
            Some(Command::SeekOn) => self.seek_by(SEEK, now),
            Some(Command::SeekBackMinute) => self.seek_by(-SEEK_LONG, now),
            Some(Command::SeekOnMinute) => self.seek_by(SEEK_LONG, now),
            Some(Command::Faster) => self.step_speed(true, now),
            Some(Command::Slower) => self.step_speed(false, now),
            Some(Command::ReplayStart) => self.seek_to(self.start, now),
            Some(Command::ReplayEnd) => self.seek_to(self.end, now),
            Some(Command::Help) => ctx.help = true,
            Some(Command::CloseReplay) => {
                return match self.back.take() {
                    Some(back) => {
                        ctx.next = Some(*back);
                        Vec::new()
                    }
                    None => {
                        ctx.next = Some(Screen::Home(Home::default()));
                        vec![Effect::LoadHome]
                    }
                };
            }
            _ => ctx.say(format!(
                "A replay logs nothing: {} pauses, {} leaves, {} lists the keys.",
                ctx.keymap.key(Command::PlayPause),
                ctx.keymap.key(Command::CloseReplay),
                ctx.keymap.key(Command::Help),
            )),
        }
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixture;
    use crate::model::{Author, EventId, Floor, MemberId, SessionHeader};

    fn t(minutes: i64, seconds: i64) -> Timestamp {
        chrono::DateTime::parse_from_rfc3339("2026-11-12T18:00:00+00:00").unwrap_or_default()
            + TimeDelta::seconds(minutes * 60 + seconds)
    }

    fn event(id: u32, at: Timestamp, kind: EventKind) -> Event {
        Event {
            id: EventId(id),
            at,
            by: Author::Facilitator,
            kind,
        }
    }

    fn speaks(id: &str) -> EventKind {
        EventKind::Floor(Floor::Member(MemberId::new(id)))
    }

    fn replay(events: Vec<Event>) -> Replay {
        let group = fixture::group(vec![
            fixture::member("ana", "Ana"),
            fixture::member("ben", "Ben"),
        ]);
        let header = SessionHeader {
            started: t(0, 0),
            ..fixture::header()
        };
        Replay::open(
            OpenedSession {
                slug: "g".into(),
                group,
                path: PathBuf::from("s.ron"),
                session: Session { header, events },
                notice: None,
                following: true,
            },
            None,
            Speed::NORMAL,
            t(0, 0),
        )
    }

    fn sample() -> Replay {
        replay(vec![
            event(1, t(0, 0), speaks("ana")),
            event(2, t(1, 0), speaks("ben")),
            event(3, t(2, 0), speaks("ana")),
            event(4, t(3, 0), EventKind::Ended),
        ])
    }

    fn talk(replay: &Replay, id: &str) -> i64 {
        replay
            .live
            .participation(replay.at())
            .total
            .holders
            .get(&Floor::Member(MemberId::new(id)))
            .map_or(0, |figures| figures.talk)
    }

    #[test]
    fn playing_moves_the_replay_clock_by_the_speed_and_stops_at_the_end() {
        let mut replay = sample();
        let wall = t(100, 0);
        replay.set_speed(SPEEDS[4], wall);
        assert_eq!(replay.speed().to_string(), "×4");
        replay.toggle(wall);
        assert!(replay.playing());
        replay.advance(wall + TimeDelta::seconds(20));
        assert_eq!(replay.at(), t(1, 20));
        assert_eq!(replay.progress(), (2, 4));
        assert_eq!(talk(&replay, "ana"), 60_000);
        assert_eq!(talk(&replay, "ben"), 20_000);
        // Slower from there: the time already played stays.
        replay.set_speed(SPEEDS[1], wall + TimeDelta::seconds(20));
        replay.advance(wall + TimeDelta::seconds(30));
        assert_eq!(replay.at(), t(1, 25));
        replay.advance(wall + TimeDelta::seconds(10_000));
        assert_eq!(replay.at(), t(3, 0), "held at the end");
        assert!(!replay.playing(), "the end pauses it");
        // Play at the end starts again from the beginning.
        replay.toggle(wall);
        assert_eq!(replay.at(), t(0, 0));
        assert_eq!(replay.progress(), (1, 4));
    }

    #[test]
    fn paused_the_clock_stands_still() {
        let mut replay = sample();
        replay.toggle(t(50, 0));
        replay.advance(t(50, 30));
        replay.toggle(t(50, 30));
        assert!(!replay.playing());
        replay.advance(t(59, 0));
        assert_eq!(replay.at(), t(0, 30));
    }

    #[test]
    fn seeking_back_folds_again_and_on_folds_forward_within_the_session() {
        let mut replay = sample();
        let wall = t(100, 0);
        replay.seek_to(t(2, 30), wall);
        assert_eq!(replay.progress(), (3, 4));
        assert_eq!(talk(&replay, "ana"), 90_000);
        assert_eq!(talk(&replay, "ben"), 60_000);
        replay.seek_by(-SEEK_LONG, wall);
        assert_eq!(replay.at(), t(1, 30));
        assert_eq!(replay.progress(), (2, 4));
        assert_eq!(talk(&replay, "ana"), 60_000);
        assert_eq!(
            talk(&replay, "ben"),
            30_000,
            "ben's turn cut at the replay time"
        );
        replay.seek_by(-TimeDelta::hours(1), wall);
        assert_eq!(replay.at(), t(0, 0), "never before the start");
        replay.seek_by(TimeDelta::hours(1), wall);
        assert_eq!(replay.at(), t(3, 0), "never after the end");
        assert!(replay.live.participation(replay.at()).ended);
    }

    #[test]
    fn the_record_replays_as_it_now_reads() {
        let replay = {
            let mut replay = replay(vec![
                event(1, t(0, 0), speaks("ana")),
                event(2, t(1, 0), speaks("ana")),
                event(3, t(2, 0), speaks("ben")),
                event(4, t(3, 0), EventKind::Ended),
                event(
                    5,
                    t(10, 0),
                    EventKind::Amendment {
                        target: EventId(2),
                        replacement: Box::new(speaks("ben")),
                        reason: "it was Ben".into(),
                    },
                ),
                event(6, t(11, 0), EventKind::Retraction { target: EventId(3) }),
            ]);
            replay.seek_to(t(3, 0), t(0, 0));
            replay
        };
        assert_eq!((replay.amended, replay.retracted), (1, 1));
        assert_eq!(talk(&replay, "ana"), 60_000);
        assert_eq!(
            talk(&replay, "ben"),
            120_000,
            "the amended turn is Ben's, the retracted change gone"
        );
        assert_eq!(replay.progress(), (3, 3));
    }

    #[test]
    fn speeds_step_within_their_range_and_parse() {
        let mut replay = sample();
        for _ in 0..10 {
            replay.step_speed(true, t(0, 0));
        }
        assert_eq!(replay.speed().to_string(), "×16");
        for _ in 0..10 {
            replay.step_speed(false, t(0, 0));
        }
        assert_eq!(replay.speed().to_string(), "×0.25");
        assert_eq!(Speed::parse("4"), Ok(SPEEDS[4]));
        assert_eq!(Speed::parse("0.5x"), Ok(SPEEDS[1]));
        let error = Speed::parse("3").unwrap_err();
        assert!(error.contains("0.25, 0.5, 1, 2, 4, 8, 16"), "{error}");
        assert!(Speed::parse("fast").is_err());
    }
}
