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
}

impl HomeRow {
    fn selectable(&self) -> bool {
        !matches!(self, HomeRow::Problem { .. })
    }

    fn key(&self) -> Option<RowKey> {
        match self {
            HomeRow::Group { slug, .. } => Some(RowKey::Group(slug.clone())),
            HomeRow::Unended { path, .. } => Some(RowKey::Session(path.clone())),
            HomeRow::Problem { .. } => None,
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
                Some(HomeRow::Problem { .. }) | None => {}
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
                Some(HomeRow::Group { .. } | HomeRow::Problem { .. }) | None => {
                    ctx.say(format!(
                        "{} ends a session left open: choose one with {choose} first.",
                        keymap.key(Command::EndOpen)
                    ));
                }
            },
            Some(Command::Follow) => match selected {
                Some(HomeRow::Unended { path, .. }) => return vec![Effect::Follow { path }],
                Some(HomeRow::Group { .. } | HomeRow::Problem { .. }) | None => {
                    ctx.say(format!(
                        "{follow} follows a session being logged: choose one with {choose} first."
                    ));
                }
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
                    });
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
