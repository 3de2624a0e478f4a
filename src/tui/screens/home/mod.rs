//! The home screen: the groups and the sessions left open, the resume prompt.

pub mod view;

use super::{CommandHint, Ctx};
use crate::model::Timestamp;
use crate::store::GroupEntry;
use crate::tui::action::Effect;
use crate::tui::keymap::{Command, Context, Keymap};
use ratatui::crossterm::event::{KeyEvent, MouseEvent, MouseEventKind};
use std::path::PathBuf;

#[derive(Default)]
pub struct Home {
    pub rows: Vec<HomeRow>,
    pub selected: usize,
    pub error: Option<String>,
    /// Enter on a session whose last event is old: end it there, or resume now?
    pub stale: Option<StalePrompt>,
    /// The supervisor's queue for this store in one line, when it is not empty.
    pub queue: Option<String>,
    /// The row to select once the rows are (re)loaded, if it is still there.
    prefer: Option<RowKey>,
}

/// The question asked before resuming a session left for a long time.
#[derive(Debug, Clone, PartialEq)]
pub struct StalePrompt {
    pub path: PathBuf,
    pub number: u32,
    pub last_event: Timestamp,
}

/// A session whose last event is older than this (or on another day) is not
/// simply resumed: the facilitator is asked first.
pub const STALE_AFTER_MINUTES: i64 = 30;

/// Whether resuming a session whose last event was at `last` asks first.
pub fn is_stale(last: Timestamp, now: Timestamp) -> bool {
    let another_day = last.with_timezone(now.offset()).date_naive() != now.date_naive();
    another_day || now - last > chrono::TimeDelta::minutes(STALE_AFTER_MINUTES)
}

/// What a row stands for, to keep it selected when the rows are read again.
#[derive(Debug, Clone, PartialEq)]
enum RowKey {
    Group(String),
    Session(PathBuf),
}

#[derive(Debug, Clone, PartialEq)]
pub enum HomeRow {
    Group {
        slug: String,
        name: String,
        detail: String,
        /// Its latest session, which `r` reviews.
        latest: Option<PathBuf>,
    },
    /// A session not ended: being logged right now by a live groupscribe
    /// (`locked`), or interrupted (a crash, or left without ending).
    Unended {
        path: PathBuf,
        number: u32,
        started: Timestamp,
        last_event: Timestamp,
        locked: bool,
    },
    Problem {
        text: String,
    },
    /// Under a group with no session yet: what its plan still lacks.
    Readiness {
        text: String,
    },
}

impl HomeRow {
    fn selectable(&self) -> bool {
        !matches!(self, HomeRow::Problem { .. } | HomeRow::Readiness { .. })
    }

    fn key(&self) -> Option<RowKey> {
        match self {
            HomeRow::Group { slug, .. } => Some(RowKey::Group(slug.clone())),
            HomeRow::Unended { path, .. } => Some(RowKey::Session(path.clone())),
            HomeRow::Problem { .. } | HomeRow::Readiness { .. } => None,
        }
    }
}

impl Home {
    /// The home screen that will select the session at `path` once loaded.
    pub fn selecting(path: PathBuf) -> Home {
        Home {
            prefer: Some(RowKey::Session(path)),
            ..Home::default()
        }
    }

    pub fn context(&self) -> Context {
        if self.stale.is_some() {
            Context::StalePrompt
        } else {
            Context::Home
        }
    }

    /// What the keys do now: the list, or the resume prompt's answers.
    pub fn commands(&self, keymap: &Keymap) -> Vec<CommandHint> {
        // Help last, as the footer has it.
        let (help, others): (Vec<Command>, Vec<Command>) =
            Command::of(self.context()).partition(|&command| command == Command::Help);
        others
            .into_iter()
            .chain(help)
            .map(|command| CommandHint {
                key: keymap.label(command),
                short: command.short(),
                long: command.describe(),
                group: "",
            })
            .collect()
    }

    pub fn update(&mut self, key: KeyEvent, ctx: &mut Ctx) -> Vec<Effect> {
        let keymap = ctx.keymap;
        if let Some(prompt) = &self.stale {
            return match keymap.command(Context::StalePrompt, &key) {
                Some(Command::EndThere) => {
                    let path = prompt.path.clone();
                    self.stale = None;
                    vec![Effect::EndUnended { path }]
                }
                Some(Command::Resume) => {
                    let path = prompt.path.clone();
                    self.stale = None;
                    vec![Effect::ResumeSession { path }]
                }
                Some(Command::Back) => {
                    self.stale = None;
                    Vec::new()
                }
                _ => {
                    ctx.say(format!(
                        "{} ends the session at its last event · {} resumes now · {} goes back.",
                        keymap.label(Command::EndThere).replace('/', " or "),
                        keymap.key(Command::Resume),
                        keymap.key(Command::Back),
                    ));
                    Vec::new()
                }
            };
        }
        let selected = self.rows.get(self.selected).cloned();
        let follow = keymap.key(Command::Follow);
        let being_logged = |number: u32| {
            format!(
                "Session {number} is being logged by another groupscribe right now: {follow} follows it."
            )
        };
        let choose = format!("{}{}", keymap.key(Command::Up), keymap.key(Command::Down));
        match keymap.command(Context::Home, &key) {
            Some(Command::Up) => self.step(-1),
            Some(Command::Down) => self.step(1),
            Some(Command::Start) => match selected {
                Some(HomeRow::Group { slug, .. }) => {
                    return vec![Effect::StartSession { slug }];
                }
                Some(HomeRow::Unended {
                    locked: true,
                    number,
                    ..
                }) => ctx.say(being_logged(number)),
                Some(HomeRow::Unended {
                    path,
                    number,
                    last_event,
                    ..
                }) => {
                    if is_stale(last_event, ctx.now) {
                        self.stale = Some(StalePrompt {
                            path,
                            number,
                            last_event,
                        });
                    } else {
                        return vec![Effect::ResumeSession { path }];
                    }
                }
                Some(HomeRow::Problem { .. } | HomeRow::Readiness { .. }) | None => {}
            },
            Some(Command::EndOpen) => match selected {
                Some(HomeRow::Unended {
                    locked: true,
                    number,
                    ..
                }) => ctx.say(being_logged(number)),
                Some(HomeRow::Unended { path, .. }) => {
                    return vec![Effect::EndUnended { path }];
                }
                Some(
                    HomeRow::Group { .. } | HomeRow::Problem { .. } | HomeRow::Readiness { .. },
                )
                | None => {
                    ctx.say(format!(
                        "{} ends a session left open: choose one with {choose} first.",
                        keymap.key(Command::EndOpen)
                    ));
                }
            },
            Some(Command::Follow) => match selected {
                Some(HomeRow::Unended { path, .. }) => return vec![Effect::Follow { path }],
                Some(
                    HomeRow::Group { .. } | HomeRow::Problem { .. } | HomeRow::Readiness { .. },
                )
                | None => {
                    ctx.say(format!(
                        "{follow} follows a session being logged: choose one with {choose} first."
                    ));
                }
            },
            Some(Command::Review) => match selected {
                Some(
                    HomeRow::Unended { path, .. }
                    | HomeRow::Group {
                        latest: Some(path), ..
                    },
                ) => return vec![Effect::Review { path }],
                Some(HomeRow::Group { latest: None, .. }) => {
                    ctx.say("This group has no session to review yet.");
                }
                Some(HomeRow::Problem { .. } | HomeRow::Readiness { .. }) | None => {}
            },
            Some(Command::EditGroup) => match selected {
                Some(HomeRow::Group { slug, .. }) => return vec![Effect::OpenGroup { slug }],
                Some(HomeRow::Unended { path, .. }) => {
                    let slug = path
                        .parent()
                        .and_then(std::path::Path::file_name)
                        .map(|name| name.to_string_lossy().into_owned());
                    if let Some(slug) = slug {
                        return vec![Effect::OpenGroup { slug }];
                    }
                }
                Some(HomeRow::Problem { .. } | HomeRow::Readiness { .. }) | None => {}
            },
            Some(Command::Report) => match selected {
                Some(HomeRow::Group { slug, .. }) => return vec![Effect::OpenReport { slug }],
                Some(HomeRow::Unended { path, .. }) => {
                    if let Some(slug) = path.parent().and_then(|folder| folder.file_name()) {
                        let slug = slug.to_string_lossy().into_owned();
                        return vec![Effect::OpenReport { slug }];
                    }
                }
                Some(HomeRow::Problem { .. } | HomeRow::Readiness { .. }) | None => {}
            },
            Some(Command::Help) => ctx.help = true,
            Some(Command::Quit) => return vec![Effect::Quit],
            _ => {}
        }
        Vec::new()
    }

    /// The wheel moves the selection.
    pub fn mouse(&mut self, mouse: MouseEvent) -> Vec<Effect> {
        match mouse.kind {
            MouseEventKind::ScrollDown => self.step(1),
            MouseEventKind::ScrollUp => self.step(-1),
            _ => {}
        }
        Vec::new()
    }

    pub fn fill(&mut self, entries: &[GroupEntry]) {
        let previous = self
            .prefer
            .take()
            .or_else(|| self.rows.get(self.selected).and_then(HomeRow::key));
        self.rows.clear();
        self.error = None;
        for entry in entries {
            match &entry.group {
                Ok(group) => {
                    let sessions = entry.sessions.len();
                    let mut detail = format!(
                        "{} · {} members · {sessions} session{}",
                        group.kind.label(),
                        group.members.len(),
                        if sessions == 1 { "" } else { "s" }
                    );
                    if let Some(last) = entry.sessions.last() {
                        detail.push_str(&format!(
                            " · last {}",
                            last.header.started.format("%Y-%m-%d")
                        ));
                    }
                    self.rows.push(HomeRow::Group {
                        slug: entry.slug.clone(),
                        name: group.name.clone(),
                        detail,
                        latest: entry.sessions.last().map(|session| session.path.clone()),
                    });
                    if entry.sessions.is_empty() {
                        let gaps = crate::model::plan::readiness(group);
                        if let Some(first) = gaps.first() {
                            let who = first
                                .member
                                .as_ref()
                                .map(|member| format!("{member}: "))
                                .unwrap_or_default();
                            // "no purpose: what the group is for" -> "no purpose".
                            let short = first.what.split(':').next().unwrap_or_default();
                            self.rows.push(HomeRow::Readiness {
                                text: format!(
                                    "{} to plan before session 1 (first: {who}{short})",
                                    if gaps.len() == 1 {
                                        "1 thing".to_string()
                                    } else {
                                        format!("{} things", gaps.len())
                                    },
                                ),
                            });
                        }
                    }
                    for session in entry.unended() {
                        self.rows.push(HomeRow::Unended {
                            path: session.path.clone(),
                            number: session.header.number,
                            started: session.header.started,
                            last_event: session.last_event,
                            locked: session.locked,
                        });
                    }
                }
                Err(error) => self.rows.push(HomeRow::Problem {
                    text: error.to_string(),
                }),
            }
            for problem in &entry.problems {
                self.rows.push(HomeRow::Problem {
                    text: problem.to_string(),
                });
            }
        }
        // The row chosen before stays chosen; otherwise the first group, so that
        // Enter starts its next session (sessions left open are listed under it).
        let first_selectable = self.rows.iter().position(HomeRow::selectable);
        self.selected = previous
            .and_then(|key| self.rows.iter().position(|r| r.key() == Some(key.clone())))
            .or(first_selectable)
            .unwrap_or(0);
        if let Some(prompt) = &self.stale
            && !self.rows.iter().any(|row| {
                matches!(row, HomeRow::Unended { path, locked: false, .. } if *path == prompt.path)
            })
        {
            self.stale = None;
        }
    }

    fn step(&mut self, delta: isize) {
        let count = self.rows.len() as isize;
        let mut index = self.selected as isize;
        for _ in 0..count {
            index = (index + delta).rem_euclid(count.max(1));
            if self
                .rows
                .get(index as usize)
                .is_some_and(HomeRow::selectable)
            {
                self.selected = index as usize;
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NameStyle;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};
    use std::path::Path;

    fn t(text: &str) -> Timestamp {
        chrono::DateTime::parse_from_rfc3339(text).unwrap_or_default()
    }

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn char(c: char) -> KeyEvent {
        press(KeyCode::Char(c))
    }

    const NOW: &str = "2026-11-23T13:00:00+01:00";

    /// A group, a session left open at `last`, and one being logged elsewhere.
    fn home(last: &str) -> Home {
        let started = t("2026-11-23T12:00:00+01:00");
        Home {
            rows: vec![
                HomeRow::Group {
                    slug: "peer".into(),
                    name: "Peer".into(),
                    detail: String::new(),
                    latest: Some(PathBuf::from("s02.ron")),
                },
                HomeRow::Unended {
                    path: PathBuf::from("s03.ron"),
                    number: 3,
                    started,
                    last_event: t(last),
                    locked: false,
                },
                HomeRow::Problem {
                    text: "broken".into(),
                },
                HomeRow::Unended {
                    path: PathBuf::from("s04.ron"),
                    number: 4,
                    started,
                    last_event: t(last),
                    locked: true,
                },
            ],
            ..Home::default()
        }
    }

    /// Runs one key through `update` with `keymap`; the effects, the message, help.
    fn key(
        home: &mut Home,
        keymap: &Keymap,
        event: KeyEvent,
    ) -> (Vec<Effect>, Option<String>, bool) {
        let mut message = None;
        let mut ctx = Ctx {
            keymap,
            names: NameStyle::Alias,
            now: t(NOW),
            message: &mut message,
            help: false,
            next: None,
        };
        let effects = home.update(event, &mut ctx);
        let help = ctx.help;
        (effects, message, help)
    }

    #[test]
    fn a_session_is_stale_after_half_an_hour_or_on_another_day() {
        let last = t("2026-11-23T12:42:00+01:00");
        assert!(
            !is_stale(last, t("2026-11-23T13:12:00+01:00")),
            "30 minutes is not yet"
        );
        assert!(is_stale(last, t("2026-11-23T13:12:01+01:00")));
        let late = t("2026-11-23T23:55:00+01:00");
        assert!(!is_stale(late, t("2026-11-23T23:59:00+01:00")));
        assert!(
            is_stale(late, t("2026-11-24T00:05:00+01:00")),
            "another day"
        );
    }

    #[test]
    fn enter_starts_the_group_and_resumes_a_recent_session() {
        let keymap = Keymap::default();
        let mut home = home("2026-11-23T12:50:00+01:00");
        let (effects, _, _) = key(&mut home, &keymap, press(KeyCode::Enter));
        assert_eq!(
            effects,
            [Effect::StartSession {
                slug: "peer".into()
            }]
        );
        let (effects, _, _) = key(&mut home, &keymap, char('j'));
        assert!(effects.is_empty());
        assert_eq!(home.selected, 1);
        let (effects, _, _) = key(&mut home, &keymap, press(KeyCode::Enter));
        assert_eq!(
            effects,
            [Effect::ResumeSession {
                path: "s03.ron".into()
            }]
        );
    }

    #[test]
    fn the_selection_skips_problems_and_wraps() {
        let keymap = Keymap::default();
        let mut home = home(NOW);
        key(&mut home, &keymap, press(KeyCode::Down));
        key(&mut home, &keymap, press(KeyCode::Down));
        assert_eq!(home.selected, 3, "the problem row is skipped");
        key(&mut home, &keymap, press(KeyCode::Down));
        assert_eq!(home.selected, 0, "and it wraps");
        key(&mut home, &keymap, char('k'));
        assert_eq!(home.selected, 3);
    }

    #[test]
    fn an_old_session_asks_first_and_the_prompt_has_its_own_keys() {
        let keymap = Keymap::default();
        let mut home = home("2026-11-23T12:10:00+01:00");
        home.selected = 1;
        key(&mut home, &keymap, press(KeyCode::Enter));
        assert_eq!(home.context(), Context::StalePrompt);
        let listed: Vec<String> = home.commands(&keymap).into_iter().map(|c| c.key).collect();
        assert_eq!(listed, ["Enter/e", "r", "Esc/q"]);
        // `f` means nothing here: the prompt says its keys.
        let (effects, message, _) = key(&mut home, &keymap, char('f'));
        assert!(effects.is_empty());
        assert_eq!(
            message.as_deref(),
            Some("Enter or e ends the session at its last event · r resumes now · Esc goes back.")
        );
        let (effects, _, _) = key(&mut home, &keymap, char('r'));
        assert_eq!(
            effects,
            [Effect::ResumeSession {
                path: "s03.ron".into()
            }]
        );
        assert_eq!(home.context(), Context::Home);

        key(&mut home, &keymap, press(KeyCode::Enter));
        let (effects, _, _) = key(&mut home, &keymap, char('q'));
        assert!(effects.is_empty(), "q on the prompt goes back, never quits");
        assert!(home.stale.is_none());
    }

    #[test]
    fn a_session_being_logged_is_refused_and_followed_with_the_keys_in_force() {
        let mut overrides = std::collections::BTreeMap::new();
        overrides.insert(Command::Follow, "v".to_string());
        let keymap = Keymap::default()
            .with_overrides(&overrides, Path::new("k.ron"), None)
            .unwrap();
        let mut home = home(NOW);
        home.selected = 3;
        let (effects, message, _) = key(&mut home, &keymap, press(KeyCode::Enter));
        assert!(effects.is_empty());
        assert_eq!(
            message.as_deref(),
            Some("Session 4 is being logged by another groupscribe right now: v follows it.")
        );
        let (effects, _, _) = key(&mut home, &keymap, char('f'));
        assert!(effects.is_empty(), "f is not follow any more");
        let (effects, _, _) = key(&mut home, &keymap, char('v'));
        assert_eq!(
            effects,
            [Effect::Follow {
                path: "s04.ron".into()
            }]
        );
    }

    #[test]
    fn e_on_a_group_says_what_it_is_for_help_and_quit() {
        let keymap = Keymap::default();
        let mut home = home(NOW);
        let (effects, message, _) = key(&mut home, &keymap, char('e'));
        assert!(effects.is_empty());
        assert_eq!(
            message.as_deref(),
            Some("e ends a session left open: choose one with ↑↓ first.")
        );
        let (_, _, help) = key(&mut home, &keymap, char('?'));
        assert!(help);
        let (effects, _, _) = key(&mut home, &keymap, press(KeyCode::Esc));
        assert_eq!(effects, [Effect::Quit]);
        let names: Vec<&str> = home.commands(&keymap).iter().map(|c| c.short).collect();
        assert_eq!(
            names,
            [
                "start / resume",
                "choose",
                "choose",
                "end",
                "follow",
                "review",
                "report",
                "group & roster",
                "quit",
                "help"
            ]
        );
    }
}
