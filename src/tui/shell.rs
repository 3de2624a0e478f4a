//! The shell around `update`: runs effects (files), feeds their results back as
//! actions, and draws. The real loop and the tests drive the very same `Shell`.

use super::action::{Action, Effect, OpenedSession};
use super::app::App;
use super::clock::Clock;
use super::views;
use crate::model::{Author, Event, EventKind, SCHEMA_VERSION, SessionHeader};
use crate::store::{self, GROUP_FILE, Media, Report, SessionWriter, Store, StoreError, WritePath};
use crate::theme::ThemeSource;
use ratatui::Terminal;
use ratatui::backend::Backend;
use std::collections::VecDeque;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

pub struct Shell<B: Backend, C: Clock> {
    pub app: App,
    pub terminal: Terminal<B>,
    store: Store,
    clock: C,
    /// Where session files are written: the disk, or a simulated one in tests.
    media: Arc<dyn Media>,
    /// The live session's write path (pending, in flight, synced, rolled back,
    /// stopped). Events in flight are already held by the app, but no frame showing
    /// them reaches the screen before their fsync returns (see `draw`).
    log: Option<WritePath>,
    close_when_saved: bool,
    theme_source: Option<ThemeSource>,
}

impl<B: Backend, C: Clock> Shell<B, C> {
    pub fn new(app: App, terminal: Terminal<B>, store: Store, clock: C) -> Self {
        Shell {
            app,
            terminal,
            store,
            clock,
            media: store::Disk::shared(),
            log: None,
            close_when_saved: false,
            theme_source: None,
        }
    }

    /// Where the theme comes from, so a change to its file can be reloaded.
    pub fn with_theme_source(mut self, source: ThemeSource) -> Self {
        self.theme_source = Some(source);
        self
    }

    /// Writes session files to `media` instead of the disk (a simulated disk in tests).
    pub fn with_media(mut self, media: Arc<dyn Media>) -> Self {
        self.media = media;
        self
    }

    /// The live session's write path, if one is open.
    pub fn write_path(&self) -> Option<&WritePath> {
        self.log.as_ref()
    }

    pub fn clock(&self) -> &C {
        &self.clock
    }

    /// Loads the home screen; call once before the first draw.
    pub fn start(&mut self) {
        let mut queue = VecDeque::new();
        self.run_effect(Effect::LoadHome, &mut queue);
        while let Some(action) = queue.pop_front() {
            self.handle(action);
        }
    }

    /// Opens a session read-only, as `f` on the home screen does.
    pub fn follow(&mut self, path: &Path) {
        let mut queue = VecDeque::new();
        self.run_effect(
            Effect::Follow {
                path: path.to_path_buf(),
            },
            &mut queue,
        );
        for action in queue {
            self.handle(action);
        }
    }

    /// One action through `update`, then its effects, then whatever those report back.
    pub fn handle(&mut self, action: Action) {
        let mut queue = VecDeque::from([action]);
        while let Some(action) = queue.pop_front() {
            if matches!(action, Action::Tick)
                && self.log.as_ref().is_some_and(WritePath::needs_retry)
            {
                self.flush(&mut queue);
            }
            let effects = self.app.update(action, self.clock.now());
            for effect in effects {
                self.run_effect(effect, &mut queue);
            }
            // The note is written only once every saved event, the end included,
            // is on disk and has reached the session the app holds.
            if queue.is_empty() && self.close_when_saved && self.all_written() {
                self.settle(&mut queue);
            }
            if queue.is_empty() && self.close_when_saved && self.all_written() {
                self.close_when_saved = false;
                queue.push_back(Action::SessionClosed {
                    message: self.close_session(),
                });
            }
        }
    }

    /// Draws the app. With an fsync running, the frame is prepared meanwhile and
    /// reaches the screen only once the fsync has returned; if it failed, the
    /// frame is replaced before it is shown, and the events are taken back.
    pub fn draw(&mut self) -> Result<(), B::Error> {
        let app = &self.app;
        let log = &mut self.log;
        let mut synced = None;
        let completed = self.terminal.draw(|frame| {
            views::draw(app, frame);
            synced = log.as_mut().and_then(WritePath::wait);
            if let Some(Err(error)) = &synced {
                views::draw_not_saved(app, frame, &error.cause());
            }
        })?;
        self.app.area = completed.area;
        if let Some(synced) = synced {
            let mut queue = VecDeque::new();
            let failed = synced.is_err();
            self.after_sync(synced, &mut queue);
            for action in queue {
                self.handle(action);
            }
            if failed {
                return self.draw();
            }
        }
        Ok(())
    }

    /// How long the loop may sleep before the clock on screen must move, if it must.
    pub fn next_wake(&self) -> Option<Duration> {
        if !self.app.needs_ticks() && !self.log.as_ref().is_some_and(WritePath::needs_retry) {
            return None;
        }
        let millis = self.clock.now().timestamp_subsec_millis();
        Some(Duration::from_millis(u64::from(1000 - millis.min(999)) + 2))
    }

    fn run_effect(&mut self, effect: Effect, queue: &mut VecDeque<Action>) {
        match effect {
            Effect::LoadHome => {
                queue.push_back(Action::HomeLoaded(
                    self.store.groups().map_err(|e| e.to_string()),
                ));
            }
            Effect::StartSession { slug } => match self.start_session(&slug) {
                Ok(opened) => queue.push_back(Action::SessionOpened(Box::new(opened))),
                Err(error) => queue.push_back(Action::OpenFailed(error.to_string())),
            },
            Effect::ResumeSession { path } => match self.resume_session(&path) {
                Ok(opened) => queue.push_back(Action::SessionOpened(Box::new(opened))),
                Err(error) => queue.push_back(Action::OpenFailed(error.to_string())),
            },
            Effect::EndUnended { path } => {
                let message = match self.end_unended(&path) {
                    Ok(message) => message,
                    Err(error) => error.to_string(),
                };
                queue.push_back(Action::SessionClosed { message });
            }
            Effect::Append(event) => match &mut self.log {
                Some(log) => {
                    log.push(event);
                    self.flush(queue);
                }
                None => queue.push_back(Action::SaveFailed {
                    error: "no session is open for writing (a bug in groupscribe)".into(),
                    waiting: 1,
                }),
            },
            Effect::Follow { path } => match self.follow_session(&path) {
                Ok(opened) => queue.push_back(Action::SessionOpened(Box::new(opened))),
                Err(error) => queue.push_back(Action::OpenFailed(error.to_string())),
            },
            Effect::ReloadFollowed { path } => {
                let group = self.app.live().map(|live| live.group.clone());
                match store::load_session(&path, group.as_ref()) {
                    Ok(loaded) => queue.push_back(Action::Followed(loaded.session)),
                    Err(error) => queue.push_back(Action::OpenFailed(error.to_string())),
                }
            }
            Effect::CloseSession => {
                self.close_when_saved = true;
                self.flush(queue);
            }
            Effect::ReloadTheme => {
                if let Some(source) = &self.theme_source {
                    let loaded = source
                        .load()
                        .map(Box::new)
                        .map_err(|error| error.to_string());
                    queue.push_back(Action::ThemeLoaded(loaded));
                }
            }
            Effect::Quit => {}
        }
    }

    /// Writes every pending event in order, after the write path checked that the
    /// file is still ours. With a background fsync the events are shown only once
    /// it returned (see `draw`); without one, each is fsync'd before it is reported.
    fn flush(&mut self, queue: &mut VecDeque<Action>) {
        if let Some(log) = &mut self.log {
            let reports = log.flush();
            report(reports, queue);
        }
    }

    /// Waits for the fsync in flight, if any.
    fn settle(&mut self, queue: &mut VecDeque<Action>) {
        if let Some(log) = &mut self.log {
            let reports = log.settle();
            report(reports, queue);
        }
    }

    /// The fsync of the events in flight returned; if it failed they were never
    /// shown, and the write path took them back (see `WritePath::after_sync`).
    fn after_sync(&mut self, synced: Result<(), StoreError>, queue: &mut VecDeque<Action>) {
        if let Some(log) = &mut self.log {
            let reports = log.after_sync(synced);
            report(reports, queue);
        }
    }

    /// Every event made is synced to the session file.
    fn all_written(&self) -> bool {
        self.log
            .as_ref()
            .is_none_or(|log| log.phase() == store::Phase::Synced)
    }

    fn start_session(&mut self, slug: &str) -> Result<OpenedSession, StoreError> {
        let entries = self.store.groups()?;
        let Some(entry) = entries.iter().find(|entry| entry.slug == slug) else {
            return Err(StoreError::Invalid {
                path: self.store.group_folder(slug),
                what: "the group folder disappeared".into(),
                hint: "Choose the group again.".into(),
            });
        };
        let group = match &entry.group {
            Ok(group) => group.clone(),
            Err(error) => {
                return Err(StoreError::Invalid {
                    path: entry.folder.join(GROUP_FILE),
                    what: error.to_string(),
                    hint: "Fix group.ron first.".into(),
                });
            }
        };
        let header = SessionHeader {
            version: SCHEMA_VERSION,
            group: slug.to_string(),
            number: Store::next_session_number(entry),
            started: self.clock.now(),
            facilitator: group.facilitator.clone(),
            co_facilitator: group.co_facilitator.clone(),
        };
        let path = self.store.new_session_path(slug, &header);
        self.tighten(&path)?;
        let writer = SessionWriter::create_on(self.media.as_ref(), &path, &header)?;
        let session = crate::model::Session {
            header,
            events: Vec::new(),
        };
        self.log = Some(WritePath::new(self.media.clone(), writer, &session, true));
        Ok(OpenedSession {
            slug: slug.to_string(),
            group,
            path,
            session,
            notice: None,
            following: false,
        })
    }

    fn resume_session(&mut self, path: &Path) -> Result<OpenedSession, StoreError> {
        self.tighten(path)?;
        let group = load_group_beside(path)?;
        let (writer, loaded) = SessionWriter::resume_on(self.media.as_ref(), path, &group)?;
        self.log = Some(WritePath::new(
            self.media.clone(),
            writer,
            &loaded.session,
            true,
        ));
        let notice = loaded.torn.as_ref().map(|torn| {
            format!(
                "Resumed. Line {} was cut off by the crash and never shown; its bytes are kept in {}.",
                torn.line,
                store::torn_path(path).display()
            )
        });
        let slug = loaded.session.header.group.clone();
        Ok(OpenedSession {
            slug,
            group,
            path: path.to_path_buf(),
            session: loaded.session,
            notice,
            following: false,
        })
    }

    /// Opens a session read-only, without its lock: the facilitator's groupscribe
    /// keeps writing it, and a torn last line is simply not read yet.
    fn follow_session(&mut self, path: &Path) -> Result<OpenedSession, StoreError> {
        let group = load_group_beside(path)?;
        let loaded = store::load_session(path, Some(&group))?;
        let slug = loaded.session.header.group.clone();
        Ok(OpenedSession {
            slug,
            group,
            path: path.to_path_buf(),
            session: loaded.session,
            notice: None,
            following: true,
        })
    }

    fn end_unended(&mut self, path: &Path) -> Result<String, StoreError> {
        self.tighten(path)?;
        let group = load_group_beside(path)?;
        let (mut writer, loaded) = SessionWriter::resume(path, &group)?;
        let mut session = loaded.session;
        let ended = Event {
            id: session.next_id(),
            at: self.clock.now(),
            by: Author::Facilitator,
            kind: EventKind::Ended,
        };
        writer.append(&ended)?;
        session.events.push(ended);
        write_note(path, &group, &session, self.app.names, self.clock.now())
    }

    /// Makes the store, the group folder and its group file owner-only before a
    /// session in it is written (a clone or a copy leaves them 0755/0644); refuses,
    /// saying why, if it cannot.
    fn tighten(&self, session_path: &Path) -> Result<(), StoreError> {
        store::ensure_private_dir(self.store.root())?;
        if let Some(folder) = session_path.parent() {
            store::ensure_private_dir(folder)?;
        }
        store::make_private(&session_path.with_file_name(GROUP_FILE))
    }

    /// Writes the note of the live session and releases its lock.
    fn close_session(&mut self) -> String {
        let result = match self.app.live() {
            Some(live) => write_note(
                &live.path,
                &live.group,
                &live.session,
                self.app.names,
                self.clock.now(),
            ),
            None => Ok(String::new()),
        };
        self.log = None;
        result.unwrap_or_else(|error| {
            format!("The session is saved, but the note could not be written: {error}")
        })
    }
}

/// The write path's reports, as the app hears them.
fn report(reports: Vec<Report>, queue: &mut VecDeque<Action>) {
    for report in reports {
        queue.push_back(match report {
            Report::Saved(event) => Action::Saved(event),
            Report::Failed { error, waiting } | Report::Stopped { error, waiting } => {
                Action::SaveFailed { error, waiting }
            }
            Report::RolledBack {
                from,
                error,
                waiting,
            } => Action::Unsaved {
                from,
                error,
                waiting,
            },
        });
    }
}

fn load_group_beside(session_path: &Path) -> Result<crate::model::Group, StoreError> {
    store::load_group(&session_path.with_file_name(GROUP_FILE))
}

fn write_note(
    session_path: &Path,
    group: &crate::model::Group,
    session: &crate::model::Session,
    names: crate::model::NameStyle,
    now: crate::model::Timestamp,
) -> Result<String, StoreError> {
    let note_path = store::note_path(session_path);
    let text = crate::note::progress_note(group, session, names, now);
    store::write_atomic(&note_path, &text)?;
    Ok(format!(
        "Session {} ended. Note written to {}",
        session.header.number,
        note_path.display()
    ))
}
