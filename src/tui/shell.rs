//! The shell around `update`: runs effects (files), feeds their results back as
//! actions, and draws. The real loop and the tests drive the very same `Shell`.

use super::action::{Action, Effect, OpenedSession};
use super::app::App;
use super::held::Held;
use super::keymap::{Command, Key};
use crate::clock::Clock;
use crate::model::{Author, BreakEdge, Event, EventKind, SCHEMA_VERSION, SessionHeader};
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
    /// Frames are held until the sync of the events they show returned (see `draw`).
    pub terminal: Terminal<Held<B>>,
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
    /// The wall clock against the monotonic one, looked at before each action.
    clock_watch: crate::clock::ClockWatch,
}

impl<B: Backend, C: Clock> Shell<B, C> {
    pub fn new(app: App, terminal: Terminal<Held<B>>, store: Store, clock: C) -> Self {
        Shell {
            app,
            terminal,
            store,
            clock,
            media: store::Disk::shared(),
            log: None,
            close_when_saved: false,
            theme_source: None,
            clock_watch: crate::clock::ClockWatch::default(),
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

    /// Opens a session's replay, as `groupscribe replay` does.
    pub fn replay(
        &mut self,
        path: &Path,
        from: Option<crate::model::Timestamp>,
        speed: crate::clock::Speed,
    ) {
        let mut queue = VecDeque::new();
        self.run_effect(
            Effect::Replay {
                path: path.to_path_buf(),
                from,
                speed,
            },
            &mut queue,
        );
        for action in queue {
            self.handle(action);
        }
    }

    /// Opens a session in the review screen, as `groupscribe review` does.
    pub fn review(&mut self, path: &Path) {
        let mut queue = VecDeque::new();
        self.run_effect(
            Effect::Review {
                path: path.to_path_buf(),
            },
            &mut queue,
        );
        for action in queue {
            self.handle(action);
        }
    }

    /// One action through `update`, then its effects, then whatever those report
    /// back; an event queued behind the sync in flight is written before it
    /// returns (as one would be without a group commit).
    pub fn handle(&mut self, action: Action) {
        self.handle_in_burst(action);
        if let Some(log) = self.log.as_mut().filter(|log| log.has_queued()) {
            let mut queue = VecDeque::new();
            report(log.catch_up(), &mut queue);
            for action in queue {
                self.handle_in_burst(action);
            }
        }
    }

    /// `handle` within a burst of input (the real loop): events made while a sync
    /// is in flight are held back, to go out together in one write and one sync
    /// (a group commit) by the next `draw` at the latest.
    pub fn handle_in_burst(&mut self, action: Action) {
        let mut queue = VecDeque::from([action]);
        // A step of the wall clock is logged before what comes after it.
        if let Some(step) = self.clock_watch.look(&self.clock) {
            queue.push_front(Action::ClockStepped {
                by_ms: step.num_milliseconds(),
            });
        }
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
            if queue.is_empty()
                && self.close_when_saved
                && self.log.as_ref().is_some_and(WritePath::is_in_flight)
            {
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

    /// Draws the app. With an fsync running, the frame is prepared meanwhile (and
    /// what changed on screen worked out), and reaches the screen only once the
    /// fsync has returned. If it failed, the frame is never shown: the events are
    /// taken back and the screen is drawn again, whole, saying so.
    pub fn draw(&mut self) -> Result<(), B::Error> {
        let app = &self.app;
        self.terminal.draw(|frame| app.draw(frame))?;
        let synced = self.log.as_mut().and_then(WritePath::wait);
        let shown = if let Some(Err(_)) = &synced {
            self.terminal.backend_mut().discard();
            // ratatui takes the discarded frame for what the screen shows: clear
            // the screen, so that the next frame is drawn whole.
            self.terminal.clear()
        } else {
            self.terminal.backend_mut().release()
        };
        // What the sync returned reaches the write path even when the terminal
        // failed (a closed window): the events are synced or taken back all the same.
        let failed = synced.as_ref().is_some_and(Result::is_err);
        if let Some(synced) = synced {
            let mut queue = VecDeque::new();
            self.after_sync(synced, &mut queue);
            for action in queue {
                self.handle(action);
            }
        }
        shown?;
        if failed {
            return self.draw();
        }
        Ok(())
    }

    /// Before the process is stopped from outside (a signal, a lost terminal): writes
    /// what is pending, waits for the fsync in flight, writes the note if the end
    /// was already confirmed, and lets go of the session file and its lock.
    pub fn stop(&mut self) -> Option<StopReport> {
        let mut queue = VecDeque::new();
        self.flush(&mut queue);
        self.settle(&mut queue);
        // Saved, SaveFailed and Unsaved only change the live state: no effects.
        for action in queue {
            let _ = self.app.update(action, self.clock.now());
        }
        let waiting = self.log.as_ref().map_or(0, WritePath::waiting);
        let report = self
            .app
            .live()
            .filter(|live| !live.following)
            .map(|live| StopReport {
                path: live.path.clone(),
                number: live.session.header.number,
                saved: live.session.events.len(),
                unsaved: waiting,
                unsaved_cause: match &live.save {
                    super::screens::SaveState::Failing { error, .. } => Some(error.clone()),
                    super::screens::SaveState::Saved => None,
                },
                ended: live.session.is_ended(),
                note: None,
            });
        let note = (self.close_when_saved && self.all_written()).then(|| self.close_session());
        self.log = None;
        report.map(|report| StopReport { note, ..report })
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
                // Back home from following: the companion file is let go (its lock too).
                if self.app.live().is_none() && self.log.is_some() {
                    self.settle(queue);
                    self.log = None;
                }
                // One pass over the store (its listing indexes) for the list and the queue line.
                let groups = self.store.groups();
                let today = self.clock.now().date_naive();
                let line = (groups.as_ref().ok())
                    .map(|entries| {
                        store::queue::queue_of(entries, crate::model::NameStyle::Alias, today)
                    })
                    .and_then(|items| store::queue::summary_line(&items));
                queue.push_back(Action::HomeLoaded(groups.map_err(|e| e.to_string())));
                queue.push_back(Action::QueueLoaded(line));
            }
            Effect::StartSession { slug } => match self.start_session(&slug) {
                Ok(opened) => {
                    let carry = carry_into(&opened);
                    queue.push_back(Action::SessionOpened(Box::new(opened)));
                    queue.push_back(Action::CarryLoaded(Box::new(carry)));
                }
                Err(error) => queue.push_back(Action::OpenFailed(error.to_string())),
            },
            Effect::ResumeSession { path } => match self.resume_session(&path) {
                Ok(opened) => {
                    let carry = carry_into(&opened);
                    queue.push_back(Action::SessionOpened(Box::new(opened)));
                    queue.push_back(Action::CarryLoaded(Box::new(carry)));
                }
                Err(error) => queue.push_back(Action::OpenFailed(error.to_string())),
            },
            Effect::EndUnended { path } => match self.end_unended(&path) {
                Ok(message) => queue.push_back(Action::SessionClosed { message }),
                // Refused (e.g. being logged elsewhere): the home screen stays as it was.
                Err(error) => queue.push_back(Action::OpenFailed(error.to_string())),
            },
            Effect::Append(event)
                if self.log.is_none() && self.app.live().is_some_and(|live| live.following) =>
            {
                match self.open_companion() {
                    Ok((log, last)) => {
                        // The file, now locked, is the truth: its next id (another
                        // follower may have written since this one read it).
                        let event = Event {
                            id: crate::model::EventId(last + 1),
                            ..event
                        };
                        if let Some(live) = self.app.live_mut() {
                            live.next_id = last + 2;
                        }
                        self.log = Some(log);
                        self.run_effect(Effect::Append(event), queue);
                    }
                    // Never shown, so nothing is lost from the screen: it says why.
                    Err(error) => queue.push_back(Action::OpenFailed(format!(
                        "Not saved: {}",
                        crate::tui::screens::live::companion_refusal(&error)
                    ))),
                }
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
            Effect::Replay { path, from, speed } => match unlocked_record(&path) {
                Ok(opened) => queue.push_back(Action::ReplayOpened {
                    opened: Box::new(opened),
                    from,
                    speed,
                }),
                Err(error) => queue.push_back(Action::OpenFailed(error.to_string())),
            },
            Effect::OpenReport { slug } => {
                let folder = self.store.group_folder(&slug);
                let today = self.clock.now().date_naive();
                match crate::report::for_group(&folder, self.app.names, today) {
                    Ok(report) => queue.push_back(Action::ReportOpened {
                        slug,
                        document: Box::new(crate::report::document::document(&report)),
                    }),
                    Err(error) => queue.push_back(Action::OpenFailed(error.to_string())),
                }
            }
            Effect::Review { path } => match unlocked_record(&path) {
                Ok(opened) => queue.push_back(Action::ReviewOpened(Box::new(opened))),
                Err(error) => queue.push_back(Action::OpenFailed(error.to_string())),
            },
            Effect::ReloadFollowed { path } => {
                let group = self.app.followed_group().cloned();
                // The followed panel and the review read the whole record: the
                // session and its companions (the co-facilitator's own moments).
                match store::load_record(&path, group.as_ref()) {
                    Ok(record) => {
                        queue.push_back(Action::Followed(Box::new(record.loaded.session)));
                    }
                    Err(error) => queue.push_back(Action::OpenFailed(error.to_string())),
                }
            }
            Effect::ChangeRecord {
                path,
                author,
                change,
            } => match self.change_record(&path, author, change) {
                Ok((session, message)) => queue.push_back(Action::RecordChanged {
                    session: Box::new(session),
                    message,
                }),
                Err(error) => queue.push_back(Action::OpenFailed(error.to_string())),
            },
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
            Effect::LeaveSession => self.leave_session(queue),
            Effect::OpenGroup { slug } => {
                let path = self.store.group_folder(&slug).join(GROUP_FILE);
                queue.push_back(Action::GroupOpened(
                    store::GroupDocument::open(&path)
                        .map(Box::new)
                        .map_err(|error| error.to_string()),
                ));
            }
            Effect::SaveGroup {
                mut document,
                edited,
            } => {
                let saved = document.save(&edited).map_err(|error| error.to_string());
                queue.push_back(Action::GroupSaved(saved.map(|saved| (document, saved))));
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
        let started = self.clock.now();
        store::sanity::check_clock(&entry.folder, started)?;
        // The group as it is today is the session's record of it, kept in its header.
        let group = group.as_of(started.date_naive());
        let header = SessionHeader {
            version: SCHEMA_VERSION,
            group: slug.to_string(),
            number: Store::next_session_number(entry)?,
            started,
            facilitator: group.facilitator.clone(),
            co_facilitator: group.co_facilitator.clone(),
            source: None,
            snapshot: Some(group.clone()),
            observer: None,
        };
        let mut header = header;
        let path = self.store.new_session_path(slug, &header);
        if self.app.author != Author::Facilitator {
            // A second observer's own log: named as the facilitator's
            // groupscribe names the session it observes.
            header.observer = Some(crate::model::ObserverLog {
                author: self.app.author,
                observes: path
                    .file_name()
                    .map(|name| name.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            });
        }
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

    /// Reopens a session left open. The time since its last saved event was
    /// not logged: it is written down as a break (see `log_gap`), never as talk.
    fn resume_session(&mut self, path: &Path) -> Result<OpenedSession, StoreError> {
        self.tighten(path)?;
        let group = load_group_beside(path)?;
        let (mut writer, loaded) = SessionWriter::resume_on(self.media.as_ref(), path, &group)?;
        let group = loaded.session.group_as_recorded(&group).group;
        let mut session = loaded.session;
        store::sanity::check_resume(path, &session.header, self.clock.now())?;
        let break_key = self.app.keymap.key(Command::Break);
        let gap = log_gap(
            &mut writer,
            &group,
            &mut session,
            self.clock.now(),
            break_key,
        )?;
        self.log = Some(WritePath::new(self.media.clone(), writer, &session, true));
        let mut notice = gap;
        if let Some(torn) = &loaded.torn {
            notice.push_str(&format!(
                " Line {} was cut off by the crash and never shown; its bytes are kept in {}.",
                torn.line,
                store::torn_path(path).display()
            ));
        }
        let slug = session.header.group.clone();
        Ok(OpenedSession {
            slug,
            group,
            path: path.to_path_buf(),
            session,
            notice: Some(notice),
            following: false,
        })
    }

    /// Lets go of the live session without ending it, once every event is on
    /// disk; if some are not, it stays open and says why.
    fn leave_session(&mut self, queue: &mut VecDeque<Action>) {
        self.settle(queue);
        let Some(live) = self.app.live() else { return };
        if !self.all_written() {
            let waiting = self.log.as_ref().map_or(0, WritePath::waiting);
            queue.push_back(Action::OpenFailed(format!(
                "Not left: {waiting} events are not saved yet. Free disk space, or end the session."
            )));
            return;
        }
        let message = format!(
            "Left session {} without ending it: {} on it resumes, {} ends it at its last event.",
            live.session.header.number,
            self.app.keymap.key(Command::Start),
            self.app.keymap.key(Command::EndOpen),
        );
        let path = live.path.clone();
        self.log = None;
        queue.push_back(Action::SessionLeft { path, message });
    }

    /// Writes one change to the record (by `author`, to their own file, synced
    /// before it returns), rewrites the note beside the session, and reads
    /// the record again.
    fn change_record(
        &mut self,
        path: &Path,
        author: Author,
        change: super::action::RecordChange,
    ) -> Result<(crate::model::Session, String), StoreError> {
        use super::action::RecordChange;
        use crate::model::RecordEntry;
        let group = load_group_beside(path)?;
        let record = store::load_record(path, Some(&group))?;
        let now = self.clock.now();
        let (at, kind, done) = match change {
            RecordChange::Amend {
                target,
                replacement,
                reason,
            } => (
                now,
                EventKind::Amendment {
                    target,
                    replacement: Box::new(replacement),
                    reason,
                },
                format!("Amended {target}"),
            ),
            RecordChange::Retime {
                target,
                from,
                to,
                reason,
            } => (
                now,
                EventKind::Record(RecordEntry::Retimed {
                    target,
                    from,
                    to,
                    reason,
                }),
                format!("Moved {target} to {}", to.format("%H:%M:%S")),
            ),
            RecordChange::Return { name, comment } => (
                now,
                EventKind::Record(RecordEntry::Returned { name, comment }),
                "Returned for revision".to_string(),
            ),
            RecordChange::Retract { target, reason } => (
                now,
                EventKind::Record(RecordEntry::Retracted { target, reason }),
                format!("Retracted {target}"),
            ),
            RecordChange::Late { at, what, reason } => (
                at,
                EventKind::Record(RecordEntry::Late {
                    what: Box::new(what),
                    written: now,
                    reason,
                }),
                "Late entry added".to_string(),
            ),
            RecordChange::Debrief { text } => (
                now,
                EventKind::Record(RecordEntry::Comment { text }),
                "Debrief added".to_string(),
            ),
            RecordChange::Sign { name, comment } => {
                let (digest, covers) = store::record::digest_of(&record.files);
                (
                    now,
                    EventKind::Record(RecordEntry::SignOff(crate::model::SignOff {
                        name: name.clone(),
                        comment,
                        digest,
                        covers,
                    })),
                    format!("Signed by {name}"),
                )
            }
        };
        let event = store::record::append_on(&*self.media, &record, author, at, kind)?;
        let mut record = record;
        record.appended(event.clone());
        let session = record.loaded.session;
        let recorded = session.group_as_recorded(&group).group;
        let note_path = store::note_path(path);
        let carry = carried(path, &recorded, &session);
        let text = store::out_file::mark_note(crate::note::progress_note_carried(
            &recorded,
            &session,
            self.app.names,
            now,
            Some(&carry),
        ));
        store::write_record_atomic(&note_path, &text)?;
        let message = format!(
            "{done}: #{} by the {}; note rewritten.",
            event.id.0,
            author.label(),
        );
        Ok((session, message))
    }

    /// Opens a session read-only, without its lock: the facilitator's groupscribe
    /// keeps writing it, and a torn last line is simply not read yet.
    fn follow_session(&mut self, path: &Path) -> Result<OpenedSession, StoreError> {
        let group = load_group_beside(path)?;
        // The facilitator's session and the co-facilitator's own moments beside it.
        let loaded = store::load_record(path, Some(&group))?.loaded;
        let group = loaded.session.group_as_recorded(&group).group;
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

    /// The followed session's companion file (`<session>.cofac.ron`), the
    /// co-facilitator's own, opened for appending on their first moment:
    /// created with its header atomically if it is not there, and locked
    /// for as long as they follow (a second follower is refused).
    /// Returns its write path and the last id in it.
    fn open_companion(&mut self) -> Result<(WritePath, u32), StoreError> {
        let Some(live) = self.app.live() else {
            return Err(StoreError::Invalid {
                path: std::path::PathBuf::new(),
                what: "no session is being followed (a bug in groupscribe)".into(),
                hint: String::new(),
            });
        };
        let (writer, first_line, events) = store::record::open_companion(
            self.media.as_ref(),
            &live.path,
            Author::CoFacilitator,
            live.session.is_ended(),
        )?;
        let last = (events.iter().map(|event| event.id.0).max())
            .unwrap_or(store::record::id_base(Author::CoFacilitator));
        let mine = crate::model::Session {
            header: live.session.header.clone(),
            events,
        };
        let log = WritePath::new(self.media.clone(), writer, &mine, true);
        Ok((log.with_first_line(first_line), last))
    }

    fn end_unended(&mut self, path: &Path) -> Result<String, StoreError> {
        self.tighten(path)?;
        let group = load_group_beside(path)?;
        let (mut writer, loaded) = SessionWriter::resume(path, &group)?;
        let group = loaded.session.group_as_recorded(&group).group;
        let mut session = loaded.session;
        // Ended at the last saved event: whatever came after was never logged.
        let ended = Event {
            id: session
                .next_id()
                .ok_or_else(|| store::sanity::ids_used_up(path))?,
            at: session.last_event_at(),
            by: session.header.author(),
            kind: EventKind::Ended,
        };
        writer.append(&ended)?;
        session.events.push(ended);
        write_note(path, &group, &session, self.app.names, self.clock.now())
    }

    /// Makes the store, the group folder and every file in it (group file,
    /// past sessions, notes) owner-only before a session in it is written (a
    /// clone or a copy leaves them 0755/0644); refuses, saying why, if it cannot.
    fn tighten(&self, session_path: &Path) -> Result<(), StoreError> {
        store::ensure_private_dir(self.store.root())?;
        if let Some(folder) = session_path.parent() {
            store::ensure_private_dir(folder)?;
            store::make_folder_files_private(folder)?;
        }
        store::make_private(&session_path.with_file_name(GROUP_FILE))
    }

    /// Writes the note of the live session and releases its lock.
    fn close_session(&mut self) -> String {
        let result = match self.app.live() {
            Some(live) => write_note_carried(
                &live.path,
                &live.group,
                &live.session,
                self.app.names,
                self.clock.now(),
                live.carry.as_ref(),
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

/// Writes the gap between the last saved event and `now` as a break: a
/// `Break(Stopped)` at the last event's time, then a `Break(End)` now, so the
/// turn running when logging stopped ends there. Already on a planned break,
/// the break simply runs on; one the last stop left open is closed now.
/// Returns the notice for the screen.
fn log_gap(
    writer: &mut SessionWriter,
    group: &crate::model::Group,
    session: &mut crate::model::Session,
    now: crate::model::Timestamp,
    break_key: Key,
) -> Result<String, StoreError> {
    let stopped = session.last_event_at();
    let resumed = now.max(stopped);
    let said = format!(
        "Logging stopped {}, resumed {}",
        stopped.format("%H:%M:%S"),
        resumed.format("%H:%M:%S")
    );
    let on_break = crate::metrics::Participation::fold(group, session).on_break;
    let open_stop = on_break
        && crate::model::effective_events(&session.events)
            .iter()
            .rev()
            .find_map(|(_, kind)| match kind {
                EventKind::Break(edge) => Some(*edge == BreakEdge::Stopped),
                _ => None,
            })
            .unwrap_or(false);
    let mut gap = Vec::new();
    if !on_break {
        gap.push((stopped, BreakEdge::Stopped));
    }
    if !on_break || open_stop {
        gap.push((resumed, BreakEdge::End));
    }
    for (at, edge) in gap {
        let event = Event {
            id: (session.next_id()).ok_or_else(|| store::sanity::ids_used_up(writer.path()))?,
            at,
            by: session.header.author(),
            kind: EventKind::Break(edge),
        };
        writer.append(&event)?;
        session.events.push(event);
    }
    Ok(if on_break && !open_stop {
        format!("{said}; break still on ({break_key} ends it).")
    } else {
        format!("{said}: a break, not talk.")
    })
}

/// What became of the session being logged when groupscribe was stopped from outside.
#[derive(Debug, Clone, PartialEq)]
pub struct StopReport {
    pub path: std::path::PathBuf,
    pub number: u32,
    /// Events on disk (every one a frame showed, and any written while stopping).
    pub saved: usize,
    /// Events made but not on disk (the write kept failing), and why.
    pub unsaved: usize,
    pub unsaved_cause: Option<String>,
    pub ended: bool,
    /// Where the note went, if the end was confirmed before the stop.
    pub note: Option<String>,
}

/// What carries over into the session just opened from the group's earlier
/// ended sessions, read from their records (see `metrics::carry`). A record
/// that cannot be read carries nothing; the home screen names it.
fn carry_into(opened: &OpenedSession) -> crate::metrics::carry::CarryOver {
    carried(&opened.path, &opened.group, &opened.session)
}

/// What carries over into `session` (at `session_path`, read with `group`)
/// from the ended sessions before it in its folder.
fn carried(
    session_path: &Path,
    group: &crate::model::Group,
    session: &crate::model::Session,
) -> crate::metrics::carry::CarryOver {
    // Read with the whole group file: members who left since are in it.
    let whole = load_group_beside(session_path).unwrap_or_else(|_| group.clone());
    let earlier = match session_path.parent() {
        Some(folder) => store::earlier::earlier_records(folder, &whole, session.header.number).0,
        None => Vec::new(),
    };
    crate::metrics::carry::CarryOver::into_session(&earlier, group, session)
}

/// A session's whole record (its companion files too), read without its lock,
/// for the review and the replay: neither writes the session, and the
/// facilitator's groupscribe may still be writing it.
fn unlocked_record(path: &Path) -> Result<OpenedSession, StoreError> {
    let group = load_group_beside(path)?;
    let record = store::load_record(path, Some(&group))?;
    let session = record.loaded.session;
    let group = session.group_as_recorded(&group).group;
    Ok(OpenedSession {
        slug: session.header.group.clone(),
        group,
        path: path.to_path_buf(),
        session,
        notice: None,
        following: true,
    })
}

/// The group a session is opened with: its `group.ron`, or, when that cannot be
/// read, the snapshot the session's own header keeps (the record stands alone).
fn load_group_beside(session_path: &Path) -> Result<crate::model::Group, StoreError> {
    match store::load_group(&session_path.with_file_name(GROUP_FILE)) {
        Ok(group) => Ok(group),
        Err(error) => store::load_session(session_path, None)
            .ok()
            .and_then(|loaded| loaded.session.header.snapshot)
            .ok_or(error),
    }
}

fn write_note(
    session_path: &Path,
    group: &crate::model::Group,
    session: &crate::model::Session,
    names: crate::model::NameStyle,
    now: crate::model::Timestamp,
) -> Result<String, StoreError> {
    write_note_carried(session_path, group, session, names, now, None)
}

/// As `write_note`, with the carry-over the live panel read when the session
/// opened (`None`: read it now from the earlier records).
fn write_note_carried(
    session_path: &Path,
    group: &crate::model::Group,
    session: &crate::model::Session,
    names: crate::model::NameStyle,
    now: crate::model::Timestamp,
    carry: Option<&crate::metrics::carry::CarryOver>,
) -> Result<String, StoreError> {
    let note_path = store::note_path(session_path);
    // The co-facilitator's moments beside the session are part of its record.
    let record = store::record::has_companions(session_path)
        .then(|| store::load_record(session_path, Some(group)))
        .transpose()?;
    let session = record
        .as_ref()
        .map_or(session, |record| &record.loaded.session);
    let carry = match carry {
        Some(carry) => carry.clone(),
        None => carried(session_path, group, session),
    };
    let text = store::out_file::mark_note(crate::note::progress_note_carried(
        group,
        session,
        names,
        now,
        Some(&carry),
    ));
    store::write_record_atomic(&note_path, &text)?;
    Ok(format!(
        "Session {} ended. Note written to {}",
        session.header.number,
        note_path.display()
    ))
}
