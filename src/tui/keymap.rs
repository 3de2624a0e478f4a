//! Every key binding in one place: each screen's commands with their default
//! keys, a RON file that overrides them by command name, and the check that no
//! two commands of one screen share a key.
//!
//! Fixed, not rebindable: the member digits (`1`–`0`, after `more_members`
//! `11`–`20`), Ctrl-C, and inside a picker its digits, letters, Tab, Enter,
//! Esc and Backspace (the picker's own keys, see `tui::picker`).

use crate::config::Config;
use crate::diag::{FileError, ron_text};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// Where a key is read: a screen, or a prompt or picker open on it. Keys must
/// differ within one context; the same key may mean different things in two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Home,
    /// Before resuming a session left long ago: end it there, or resume now?
    StalePrompt,
    Live,
    /// The live panel read-only, following another groupscribe's log.
    Follow,
    /// After `end` on the live panel.
    ConfirmEnd,
    /// A member not in the room was given the floor: arrived again?
    ConfirmReturn,
    /// A picker or the observation form is open: its keys are fixed.
    Picker,
    /// A session replayed: the live panel as it looked at each moment.
    Replay,
    /// The co-facilitator's review of a session (`groupscribe review`, `r` at home).
    Review,
    /// The closing step after the end is confirmed: one member at a time.
    Closing,
    /// The group and roster editor (`g` on the home screen).
    GroupEditor,
    /// The report across a group's sessions (`R` at home).
    Report,
}

impl Context {
    pub const ALL: [Context; 12] = [
        Context::Home,
        Context::StalePrompt,
        Context::Live,
        Context::Follow,
        Context::ConfirmEnd,
        Context::ConfirmReturn,
        Context::Picker,
        Context::Replay,
        Context::Review,
        Context::Closing,
        Context::GroupEditor,
        Context::Report,
    ];

    /// As the README's key tables name it.
    pub fn title(self) -> &'static str {
        match self {
            Context::Home => "Home",
            Context::StalePrompt => "Resume prompt",
            Context::Live => "Live panel",
            Context::Follow => "Follow",
            Context::ConfirmEnd => "End confirmation",
            Context::ConfirmReturn => "Arrived-again prompt",
            Context::Picker => "Pickers",
            Context::Replay => "Replay",
            Context::Review => "Review",
            Context::Closing => "Closing step",
            Context::GroupEditor => "Group editor",
            Context::Report => "Report",
        }
    }
}

/// A command, named in keymap files by its snake_case name (`mutual_aid`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    // The live panel (member hotkeys are fixed: `1`–`0`, then `.1`–`.0`).
    Facilitator,
    CoFacilitator,
    Crosstalk,
    Silence,
    Norm,
    Conflict,
    MutualAid,
    Intervention,
    Risk,
    Note,
    Bookmark,
    Attendance,
    Segment,
    Plan,
    /// A theme the group worked on: a short phrase.
    Theme,
    /// The worker's observation of one member.
    Observe,
    Stage,
    GoalRating,
    Break,
    Undo,
    End,
    /// `?` on every screen.
    Help,
    /// Prefix for members 11–20: `.` then `1`–`0`.
    MoreMembers,
    /// Show the "from last time" pane again.
    FromLastTime,
    /// The contract or ending checklist offered.
    Checklist,
    /// Declare the ending phase: the ending checklist from now on.
    DeclareEnding,
    // The home screen.
    /// Start the selected group's next session, or resume the selected one.
    Start,
    Up,
    Down,
    /// End the selected session left open, at its last event.
    EndOpen,
    Follow,
    Quit,
    // The resume prompt.
    EndThere,
    Resume,
    Back,
    // Following.
    StopFollowing,
    // The end confirmation.
    Confirm,
    Leave,
    // The arrived-again prompt.
    Arrived,
    Cancel,
    // The replay.
    /// Pause or play the replay.
    PlayPause,
    /// Seek 10 s back / on.
    SeekBack,
    SeekOn,
    /// Seek a minute back / on.
    SeekBackMinute,
    SeekOnMinute,
    Faster,
    Slower,
    /// To the session's start / end.
    ReplayStart,
    ReplayEnd,
    CloseReplay,
    /// From the review: replay the live panel from the cursor's time.
    Replay,
    // The home screen and the review.
    /// Review the selected session (home), or the group's latest.
    Review,
    // The review.
    /// The cursor to the event before / after.
    Earlier,
    Later,
    /// The cursor to the next / previous moment.
    NextMoment,
    PreviousMoment,
    /// The view a page back / on.
    PageBack,
    PageOn,
    /// The first / last event.
    First,
    Last,
    ZoomIn,
    ZoomOut,
    CycleZoom,
    Filter,
    Search,
    SearchNext,
    SearchPrevious,
    JumpTo,
    /// Back to the home screen.
    CloseReview,
    // Changing the record, from the review (each asks for a reason).
    Amend,
    Retract,
    LateEntry,
    History,
    Debrief,
    SignOff,
    /// The supervisor returns the note for revision, with a comment.
    ReturnNote,
    /// The closing step left for later (Esc after `q`), walked from the review.
    ResumeClosing,
    // The closing step.
    SkipAll,
    EndLater,
    // The group and roster editor.
    /// Home: open the selected group's plan and roster.
    EditGroup,
    /// Edit the selected row (a field, a goal, a level; a member: their page).
    EditRow,
    AddMember,
    /// Mark the selected member as having left (never deleted).
    MemberLeft,
    /// Remove the selected group goal or agenda entry.
    RemoveRow,
    SaveGroup,
    /// Back: from a member's page to the list; from the list, home.
    CloseEditor,
    // The report.
    /// Open the selected group's report across sessions (home).
    Report,
    /// Back to the home screen from the report.
    CloseReport,
}

/// The live panel's commands that open a picker, in the order the moments hint lists them.
pub const MOMENT_COMMANDS: [Command; 8] = [
    Command::Norm,
    Command::Conflict,
    Command::MutualAid,
    Command::Intervention,
    Command::Risk,
    Command::Note,
    Command::Theme,
    Command::Bookmark,
];

impl Command {
    pub const ALL: [Command; 88] = [
        Command::Facilitator,
        Command::CoFacilitator,
        Command::Crosstalk,
        Command::Silence,
        Command::Norm,
        Command::Conflict,
        Command::MutualAid,
        Command::Intervention,
        Command::Risk,
        Command::Note,
        Command::Bookmark,
        Command::Attendance,
        Command::Segment,
        Command::Plan,
        Command::Theme,
        Command::Observe,
        Command::Stage,
        Command::GoalRating,
        Command::Break,
        Command::Undo,
        Command::End,
        Command::Help,
        Command::MoreMembers,
        Command::FromLastTime,
        Command::Checklist,
        Command::DeclareEnding,
        Command::Start,
        Command::Up,
        Command::Down,
        Command::EndOpen,
        Command::Follow,
        Command::Review,
        Command::Report,
        Command::EditGroup,
        Command::Quit,
        Command::EndThere,
        Command::Resume,
        Command::Back,
        Command::StopFollowing,
        Command::Confirm,
        Command::Leave,
        Command::Arrived,
        Command::Cancel,
        Command::PlayPause,
        Command::SeekBack,
        Command::SeekOn,
        Command::SeekBackMinute,
        Command::SeekOnMinute,
        Command::Faster,
        Command::Slower,
        Command::ReplayStart,
        Command::ReplayEnd,
        Command::CloseReplay,
        Command::Earlier,
        Command::Later,
        Command::NextMoment,
        Command::PreviousMoment,
        Command::PageBack,
        Command::PageOn,
        Command::First,
        Command::Last,
        Command::ZoomIn,
        Command::ZoomOut,
        Command::CycleZoom,
        Command::Filter,
        Command::Search,
        Command::SearchNext,
        Command::SearchPrevious,
        Command::JumpTo,
        Command::Amend,
        Command::Retract,
        Command::LateEntry,
        Command::History,
        Command::Debrief,
        Command::SignOff,
        Command::ReturnNote,
        Command::ResumeClosing,
        Command::Replay,
        Command::CloseReview,
        Command::SkipAll,
        Command::EndLater,
        Command::EditRow,
        Command::AddMember,
        Command::MemberLeft,
        Command::RemoveRow,
        Command::SaveGroup,
        Command::CloseEditor,
        Command::CloseReport,
    ];

    /// The contexts the command is read in.
    pub fn contexts(self) -> &'static [Context] {
        match self {
            Command::Facilitator
            | Command::CoFacilitator
            | Command::Crosstalk
            | Command::Silence
            | Command::Attendance
            | Command::Segment
            | Command::Plan
            | Command::Observe
            | Command::Stage
            | Command::GoalRating
            | Command::Break
            | Command::Undo
            | Command::End
            | Command::MoreMembers
            | Command::FromLastTime
            | Command::Checklist
            | Command::DeclareEnding => &[Context::Live],
            // The co-facilitator logs their own moments while following.
            Command::Norm
            | Command::Conflict
            | Command::MutualAid
            | Command::Intervention
            | Command::Risk
            | Command::Note
            | Command::Theme
            | Command::Bookmark => &[Context::Live, Context::Follow],
            Command::Help => &[
                Context::Home,
                Context::Live,
                Context::Follow,
                Context::Replay,
                Context::Review,
                Context::GroupEditor,
                Context::Report,
            ],
            Command::Up | Command::Down => &[
                Context::Home,
                Context::Review,
                Context::GroupEditor,
                Context::Report,
            ],
            Command::Review | Command::EditGroup | Command::Report => &[Context::Home],
            Command::EditRow
            | Command::AddMember
            | Command::MemberLeft
            | Command::RemoveRow
            | Command::SaveGroup
            | Command::CloseEditor => &[Context::GroupEditor],
            Command::PageBack | Command::PageOn | Command::First | Command::Last => {
                &[Context::Review, Context::Report]
            }
            Command::CloseReport => &[Context::Report],
            Command::Earlier
            | Command::Later
            | Command::NextMoment
            | Command::PreviousMoment
            | Command::ZoomIn
            | Command::ZoomOut
            | Command::CycleZoom
            | Command::Filter
            | Command::Search
            | Command::SearchNext
            | Command::SearchPrevious
            | Command::JumpTo
            | Command::Amend
            | Command::Retract
            | Command::LateEntry
            | Command::History
            | Command::Debrief
            | Command::SignOff
            | Command::ReturnNote
            | Command::ResumeClosing
            | Command::CloseReview
            | Command::Replay => &[Context::Review],
            Command::Start | Command::EndOpen | Command::Follow | Command::Quit => &[Context::Home],
            Command::EndThere | Command::Resume | Command::Back => &[Context::StalePrompt],
            Command::StopFollowing => &[Context::Follow],
            Command::Confirm | Command::Leave => &[Context::ConfirmEnd],
            Command::Arrived | Command::Cancel => &[Context::ConfirmReturn],
            Command::SkipAll | Command::EndLater => &[Context::Closing],
            Command::PlayPause
            | Command::SeekBack
            | Command::SeekOn
            | Command::SeekBackMinute
            | Command::SeekOnMinute
            | Command::Faster
            | Command::Slower
            | Command::ReplayStart
            | Command::ReplayEnd
            | Command::CloseReplay => &[Context::Replay],
        }
    }

    fn default_keys(self) -> Vec<Key> {
        let c = |c: char| vec![Key::Char(c)];
        match self {
            Command::Facilitator => c('f'),
            Command::CoFacilitator => c('F'),
            Command::Crosstalk => c('x'),
            Command::Silence => c(' '),
            Command::Norm => c('n'),
            Command::Conflict => c('c'),
            Command::MutualAid => c('m'),
            Command::Intervention => c('i'),
            Command::Risk => c('r'),
            Command::Note => c('t'),
            Command::Bookmark => c('b'),
            Command::Attendance => c('a'),
            Command::Segment => c('s'),
            Command::Plan => c('P'),
            Command::Theme => c('w'),
            Command::Observe => c('o'),
            Command::Stage => c('g'),
            Command::GoalRating => c('G'),
            Command::Break => c('p'),
            Command::Undo => c('u'),
            Command::End => c('q'),
            Command::Help => c('?'),
            Command::MoreMembers => c('.'),
            Command::FromLastTime => c('L'),
            Command::Checklist => c('C'),
            Command::DeclareEnding => c('E'),
            Command::Start => vec![Key::Enter],
            Command::Up => vec![Key::Up, Key::Char('k')],
            Command::Down => vec![Key::Down, Key::Char('j')],
            Command::EndOpen => c('e'),
            Command::Follow => c('f'),
            Command::Quit => vec![Key::Char('q'), Key::Esc],
            Command::EndThere => vec![Key::Enter, Key::Char('e')],
            Command::Resume => c('r'),
            Command::Back => vec![Key::Esc, Key::Char('q')],
            Command::StopFollowing => c('q'),
            Command::Confirm => vec![Key::Char('y'), Key::Char('Y'), Key::Enter],
            Command::Leave => c('l'),
            Command::Arrived => vec![Key::Char('y'), Key::Char('Y')],
            Command::Cancel => vec![Key::Esc],
            Command::PlayPause => c(' '),
            Command::SeekBack => vec![Key::Left],
            Command::SeekOn => vec![Key::Right],
            Command::SeekBackMinute => vec![Key::PageUp],
            Command::SeekOnMinute => vec![Key::PageDown],
            Command::Faster => vec![Key::Char('+'), Key::Char('=')],
            Command::Slower => c('-'),
            Command::ReplayStart => vec![Key::Home],
            Command::ReplayEnd => vec![Key::End],
            Command::CloseReplay => vec![Key::Char('q'), Key::Esc],
            Command::Replay => c('p'),
            Command::Review => c('r'),
            Command::Earlier => vec![Key::Left, Key::Char('h')],
            Command::Later => vec![Key::Right, Key::Char('l')],
            Command::NextMoment => vec![Key::Tab],
            Command::PreviousMoment => vec![Key::BackTab],
            Command::PageBack => vec![Key::PageUp],
            Command::PageOn => vec![Key::PageDown],
            Command::First => vec![Key::Home],
            Command::Last => vec![Key::End],
            Command::ZoomIn => vec![Key::Char('+'), Key::Char('=')],
            Command::ZoomOut => c('-'),
            Command::CycleZoom => c('z'),
            Command::Filter => c('f'),
            Command::Search => c('/'),
            Command::SearchNext => c('n'),
            Command::SearchPrevious => c('N'),
            Command::JumpTo => c(':'),
            Command::CloseReview => vec![Key::Char('q'), Key::Esc],
            Command::Amend => c('e'),
            Command::Retract => c('x'),
            // `l` is the event after (as `h` is the one before).
            Command::LateEntry => c('L'),
            Command::History => c('H'),
            Command::Debrief => c('d'),
            Command::SignOff => c('S'),
            Command::ReturnNote => c('R'),
            Command::ResumeClosing => c('C'),
            Command::SkipAll => c('s'),
            Command::EndLater => vec![Key::Esc],
            Command::EditGroup => c('g'),
            Command::EditRow => vec![Key::Enter, Key::Char('e')],
            Command::AddMember => c('a'),
            Command::MemberLeft => c('l'),
            Command::RemoveRow => c('x'),
            Command::SaveGroup => c('s'),
            Command::CloseEditor => vec![Key::Char('q'), Key::Esc],
            Command::Report => c('R'),
            Command::CloseReport => vec![Key::Char('q'), Key::Esc],
        }
    }

    /// The name a keymap file gives it: `mutual_aid`.
    pub fn name(self) -> String {
        let mut name = String::new();
        for (index, c) in format!("{self:?}").chars().enumerate() {
            if c.is_ascii_uppercase() {
                if index > 0 {
                    name.push('_');
                }
                name.push(c.to_ascii_lowercase());
            } else {
                name.push(c);
            }
        }
        name
    }

    /// A word or two for a key bar.
    pub fn short(self) -> &'static str {
        match self {
            Command::Facilitator => "facil.",
            Command::CoFacilitator => "co-facil.",
            Command::Crosstalk => "cross",
            Command::Silence => "silence",
            Command::Norm => "norm",
            Command::Conflict => "conflict",
            Command::MutualAid => "mutual aid",
            Command::Intervention => "interv.",
            Command::Risk => "risk",
            Command::Note => "note",
            Command::Bookmark => "mark",
            Command::Attendance => "attend",
            Command::Segment => "segment",
            Command::Plan => "plan",
            Command::Theme => "theme",
            Command::Observe => "observe",
            Command::Stage => "stage",
            Command::GoalRating => "goal",
            Command::Break => "break",
            Command::Undo => "undo",
            Command::End => "end",
            Command::Help => "help",
            Command::MoreMembers => "members 11–20",
            Command::FromLastTime => "last time",
            Command::Checklist => "checklist",
            Command::DeclareEnding => "ending phase",
            Command::Start => "start / resume",
            Command::Up | Command::Down => "choose",
            Command::EndOpen => "end",
            Command::Follow => "follow",
            Command::Quit => "quit",
            Command::EndThere => "end it",
            Command::Resume => "resume now",
            Command::Back => "back",
            Command::StopFollowing => "leave",
            Command::Confirm => "end it",
            Command::Leave => "leave without ending",
            Command::Arrived => "arrived",
            Command::Cancel => "cancel",
            Command::PlayPause => "pause/play",
            Command::SeekBack | Command::SeekOn => "10 s",
            Command::SeekBackMinute | Command::SeekOnMinute => "1 min",
            Command::Faster => "faster",
            Command::Slower => "slower",
            Command::ReplayStart => "start",
            Command::ReplayEnd => "end",
            Command::CloseReplay => "back",
            Command::Replay => "replay",
            Command::Review => "review",
            Command::Earlier | Command::Later => "event",
            Command::NextMoment => "moment",
            Command::PreviousMoment => "moment back",
            Command::PageBack | Command::PageOn => "page",
            Command::First => "first",
            Command::Last => "last",
            Command::ZoomIn => "zoom in",
            Command::ZoomOut => "zoom out",
            Command::CycleZoom => "zoom",
            Command::Filter => "filter",
            Command::Search => "search",
            Command::SearchNext => "next",
            Command::SearchPrevious => "previous",
            Command::JumpTo => "go to time",
            Command::CloseReview => "back",
            Command::Amend => "amend",
            Command::Retract => "retract",
            Command::LateEntry => "late entry",
            Command::History => "history",
            Command::Debrief => "debrief",
            Command::SignOff => "sign off",
            Command::ReturnNote => "return",
            Command::ResumeClosing => "closing step",
            Command::SkipAll => "skip all",
            Command::EndLater => "later",
            Command::EditGroup => "group & roster",
            Command::EditRow => "edit",
            Command::AddMember => "add member",
            Command::MemberLeft => "left",
            Command::RemoveRow => "remove",
            Command::SaveGroup => "save",
            Command::CloseEditor => "back",
            Command::Report => "report",
            Command::CloseReport => "back",
        }
    }

    /// Short enough for one column of the help overlay (at most 31 cells).
    pub fn describe(self) -> &'static str {
        match self {
            Command::Facilitator => "the facilitator speaks",
            Command::CoFacilitator => "the co-facilitator speaks",
            Command::Crosstalk => "several at once (crosstalk)",
            Command::Silence => "silence",
            Command::Norm => "norm set, reviewed, challenged…",
            Command::Conflict => "conflict: type and status",
            Command::MutualAid => "mutual aid: the ten processes",
            Command::Intervention => "worker intervention",
            Command::Risk => "risk about one member",
            Command::Note => "free-text note",
            Command::Bookmark => "bookmark this moment",
            Command::Attendance => "arrived, left early, absent…",
            Command::Segment => "next agenda segment",
            Command::Plan => "plan for next session",
            Command::Theme => "theme the group worked on",
            Command::Observe => "observation of one member",
            Command::Stage => "stage of group development",
            Command::GoalRating => "goal rating (-2..+2)",
            Command::Break => "break: pause / resume clock",
            Command::Undo => "undo last (kept, retracted)",
            Command::End => "end the session (confirms)",
            Command::Help => "this help",
            Command::MoreMembers => "members 11–20: this, then 1–0",
            Command::FromLastTime => "from last time (again)",
            Command::Checklist => "contract / ending checklist",
            Command::DeclareEnding => "declare the ending phase",
            Command::Start => "start next session / resume",
            Command::Up => "the row above",
            Command::Down => "the row below",
            Command::EndOpen => "end a session left open",
            Command::Follow => "follow one being logged",
            Command::Quit => "quit groupscribe",
            Command::EndThere => "end it at its last event",
            Command::Resume => "resume now (gap is a break)",
            Command::Back => "back to the list",
            Command::StopFollowing => "stop following: back home",
            Command::Confirm => "end it and write the note",
            Command::Leave => "leave without ending",
            Command::Arrived => "log arrived, give the floor",
            Command::Cancel => "cancel: nothing logged",
            Command::PlayPause => "pause / play the replay",
            Command::SeekBack => "10 seconds back",
            Command::SeekOn => "10 seconds on",
            Command::SeekBackMinute => "a minute back",
            Command::SeekOnMinute => "a minute on",
            Command::Faster => "faster (up to ×16)",
            Command::Slower => "slower (down to ×0.25)",
            Command::ReplayStart => "to the session's start",
            Command::ReplayEnd => "to the session's end",
            Command::CloseReplay => "leave the replay",
            Command::Replay => "replay the panel from here",
            Command::Review => "review a session's timeline",
            Command::Earlier => "the event before",
            Command::Later => "the event after",
            Command::NextMoment => "the next moment",
            Command::PreviousMoment => "the moment before",
            Command::PageBack => "a page earlier",
            Command::PageOn => "a page later",
            Command::First => "the first event",
            Command::Last => "the last event",
            Command::ZoomIn => "zoom in (down to 1 minute)",
            Command::ZoomOut => "zoom out (whole session)",
            Command::CycleZoom => "next zoom level, round",
            Command::Filter => "filter by kind and person",
            Command::Search => "search the events' words",
            Command::SearchNext => "next match",
            Command::SearchPrevious => "previous match",
            Command::JumpTo => "go to a time (hh:mm)",
            Command::CloseReview => "back to the home screen",
            Command::Amend => "amend the event (with a reason)",
            Command::Retract => "retract the event (a reason)",
            Command::LateEntry => "late moment or turn (a reason)",
            Command::History => "the event's whole trail",
            Command::Debrief => "co-facilitator's debrief",
            Command::SignOff => "sign the record",
            Command::ReturnNote => "supervisor: return for revision",
            Command::ResumeClosing => "walk the closing step left",
            Command::SkipAll => "skip the rest, end the session",
            Command::EndLater => "later: end, resume in review",
            Command::EditGroup => "the group's plan and roster",
            Command::EditRow => "edit the row (Enter keeps it)",
            Command::AddMember => "add a member (id, then name)",
            Command::MemberLeft => "mark the member as left",
            Command::RemoveRow => "remove a group goal or plan",
            Command::SaveGroup => "save group.ron (atomic)",
            Command::CloseEditor => "back (asks if unsaved)",
            Command::Report => "the group's report over time",
            Command::CloseReport => "back to the home screen",
        }
    }

    /// The commands read in `context`, in the order they are listed.
    pub fn of(context: Context) -> impl Iterator<Item = Command> {
        Command::ALL
            .into_iter()
            .filter(move |command| command.contexts().contains(&context))
    }
}

/// A key as written in a keymap file: `"m"`, `"M"`, `"space"`, `"f2"`, `"ctrl-e"`,
/// `"enter"`, `"esc"`, `"up"`, `"down"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    Char(char),
    Ctrl(char),
    F(u8),
    Enter,
    Esc,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Tab,
    BackTab,
}

impl Key {
    pub fn parse(text: &str) -> Option<Key> {
        let lower = text.to_ascii_lowercase();
        match lower.as_str() {
            "space" => return Some(Key::Char(' ')),
            "enter" => return Some(Key::Enter),
            "esc" => return Some(Key::Esc),
            "up" => return Some(Key::Up),
            "down" => return Some(Key::Down),
            "left" => return Some(Key::Left),
            "right" => return Some(Key::Right),
            "pageup" => return Some(Key::PageUp),
            "pagedown" => return Some(Key::PageDown),
            "home" => return Some(Key::Home),
            "end" => return Some(Key::End),
            "tab" => return Some(Key::Tab),
            "backtab" => return Some(Key::BackTab),
            _ => {}
        }
        if let Some(rest) = lower.strip_prefix("ctrl-") {
            let mut chars = rest.chars();
            return match (chars.next(), chars.next()) {
                (Some(c), None) => Some(Key::Ctrl(c)),
                _ => None,
            };
        }
        if let Some(number) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
            return (1..=12).contains(&number).then_some(Key::F(number));
        }
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() => Some(Key::Char(c)),
            _ => None,
        }
    }

    pub fn from_event(event: &KeyEvent) -> Option<Key> {
        match event.code {
            KeyCode::Char(c) if event.modifiers.contains(KeyModifiers::CONTROL) => {
                Some(Key::Ctrl(c.to_ascii_lowercase()))
            }
            KeyCode::Char(c) => Some(Key::Char(c)),
            KeyCode::F(n) => Some(Key::F(n)),
            KeyCode::Enter => Some(Key::Enter),
            KeyCode::Esc => Some(Key::Esc),
            KeyCode::Up => Some(Key::Up),
            KeyCode::Down => Some(Key::Down),
            KeyCode::Left => Some(Key::Left),
            KeyCode::Right => Some(Key::Right),
            KeyCode::PageUp => Some(Key::PageUp),
            KeyCode::PageDown => Some(Key::PageDown),
            KeyCode::Home => Some(Key::Home),
            KeyCode::End => Some(Key::End),
            KeyCode::Tab => Some(Key::Tab),
            KeyCode::BackTab => Some(Key::BackTab),
            _ => None,
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Char(' ') => f.write_str("␣"),
            Key::Char(c) => write!(f, "{c}"),
            Key::Ctrl(c) => write!(f, "ctrl-{c}"),
            Key::F(n) => write!(f, "F{n}"),
            Key::Enter => f.write_str("Enter"),
            Key::Esc => f.write_str("Esc"),
            Key::Up => f.write_str("↑"),
            Key::Down => f.write_str("↓"),
            Key::Left => f.write_str("←"),
            Key::Right => f.write_str("→"),
            Key::PageUp => f.write_str("PgUp"),
            Key::PageDown => f.write_str("PgDn"),
            Key::Home => f.write_str("Home"),
            Key::End => f.write_str("End"),
            Key::Tab => f.write_str("Tab"),
            Key::BackTab => f.write_str("S-Tab"),
        }
    }
}

/// The bindings in force.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    by_command: BTreeMap<Command, Vec<Key>>,
}

/// A keymap file: `(version: 1, keys: { mutual_aid: "M", end: "ctrl-q" })`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeymapFile {
    version: u32,
    #[serde(default)]
    keys: BTreeMap<Command, String>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            by_command: Command::ALL
                .iter()
                .map(|&c| (c, c.default_keys()))
                .collect(),
        }
    }
}

impl Keymap {
    /// Loads overrides from a RON file over the defaults; reports bad keys and conflicts.
    pub fn load(path: &Path) -> Result<Keymap, FileError> {
        Keymap::default().with_file(path)
    }

    /// These bindings with a keymap file's overrides on top.
    pub fn with_file(self, path: &Path) -> Result<Keymap, FileError> {
        let text = std::fs::read_to_string(path).map_err(FileError::io(path, "read"))?;
        let file: KeymapFile = ron_text::parse_versioned(path, &text, 0)?;
        let _ = file.version;
        self.with_overrides(&file.keys, path, Some(&text))
    }

    /// These bindings with the settings file's `keys` on top: the keymap knows
    /// the commands, so a name it does not know is an error at its place there.
    pub fn with_config(self, config: &Config, source: &Path) -> Result<Keymap, FileError> {
        self.with_overrides(&config.keys_as::<Command>()?, source, config.source_text())
    }

    /// These bindings with `overrides` on top (each replaces the command's
    /// keys with one); `source` names where they came from in errors, and
    /// its `text`, if known, gives the line and column. Conflicts are checked
    /// on the result, per context.
    pub fn with_overrides(
        mut self,
        overrides: &BTreeMap<Command, String>,
        source: &Path,
        text: Option<&str>,
    ) -> Result<Keymap, FileError> {
        let error = |command: Command, what: String, hint: &str| match text
            .and_then(|text| place_of(text, &command.name()))
        {
            Some((line, col)) => FileError::Parse {
                path: source.to_path_buf(),
                line,
                col,
                message: what,
                hint: hint.into(),
            },
            None => FileError::Invalid {
                path: source.to_path_buf(),
                what,
                hint: hint.into(),
            },
        };
        for (command, text) in overrides {
            let key = Key::parse(text).ok_or_else(|| {
                error(
                    *command,
                    format!("\"{text}\" (for {}) is not a key", command.name()),
                    "Write one character (\"m\"), \"space\", \"enter\", \"esc\", \"up\", \
                     \"down\", \"left\", \"right\", \"pageup\", \"pagedown\", \"home\", \
                     \"end\", \"tab\", \"backtab\", \"f1\"–\"f12\" or \"ctrl-<letter>\".",
                )
            })?;
            self.by_command.insert(*command, vec![key]);
        }
        self.check().map_err(|(command, what)| {
            // Point at the command the file rebound, if one of the two is.
            let at = if overrides.contains_key(&command.1) {
                command.1
            } else {
                command.0
            };
            error(
                at,
                what,
                "Give each command of a screen its own key; digits are the members' keys, \
                 ctrl-c is reserved.",
            )
        })?;
        Ok(self)
    }

    /// Two commands of one context on one key, a command on a member's digit
    /// or on ctrl-c is a conflict: which commands, and what is wrong.
    pub fn check(&self) -> Result<(), ((Command, Command), String)> {
        for (&command, keys) in &self.by_command {
            for key in keys {
                match key {
                    Key::Char(c) if c.is_ascii_digit() => {
                        return Err((
                            (command, command),
                            format!("{} is bound to \"{c}\", a member's key", command.name()),
                        ));
                    }
                    Key::Ctrl('c') => {
                        return Err((
                            (command, command),
                            format!(
                                "{} is bound to ctrl-c, which never quits and is not rebindable",
                                command.name()
                            ),
                        ));
                    }
                    _ => {}
                }
            }
        }
        for context in Context::ALL {
            let mut seen: BTreeMap<Key, Command> = BTreeMap::new();
            for command in Command::of(context) {
                for &key in self.keys(command) {
                    if let Some(other) = seen.insert(key, command)
                        && other != command
                    {
                        return Err((
                            (other, command),
                            format!(
                                "\"{key}\" is bound to both {} and {} ({})",
                                other.name(),
                                command.name(),
                                context.title()
                            ),
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// The command `event` stands for in `context`, if any.
    pub fn command(&self, context: Context, event: &KeyEvent) -> Option<Command> {
        let key = Key::from_event(event)?;
        Command::of(context).find(|&command| self.keys(command).contains(&key))
    }

    /// Whether `event` is one of `command`'s keys.
    pub fn is(&self, command: Command, event: &KeyEvent) -> bool {
        Key::from_event(event).is_some_and(|key| self.keys(command).contains(&key))
    }

    pub fn keys(&self, command: Command) -> &[Key] {
        self.by_command.get(&command).map_or(&[], Vec::as_slice)
    }

    /// The command's first key, as hints show it.
    pub fn key(&self, command: Command) -> Key {
        self.keys(command)
            .first()
            .copied()
            .or_else(|| command.default_keys().first().copied())
            .unwrap_or(Key::Esc)
    }

    /// Every key of the command, as the help shows them: `y/Enter` (an
    /// upper-case letter bound beside its lower case is not repeated).
    pub fn label(&self, command: Command) -> String {
        let keys = self.keys(command);
        keys.iter()
            .filter(|key| match key {
                Key::Char(c) if c.is_uppercase() => {
                    !keys.contains(&Key::Char(c.to_lowercase().next().unwrap_or(*c)))
                }
                _ => true,
            })
            .map(Key::to_string)
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// The 1-based line and column of `name` used as a map key (`name:`) in `text`.
fn place_of(text: &str, name: &str) -> Option<(usize, usize)> {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(found) = text[from..].find(name) {
        let start = from + found;
        let end = start + name.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].trim_start().chars().next();
        if !before.is_some_and(ident) && after == Some(':') {
            let line = text[..start].matches('\n').count() + 1;
            let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
            let col = text[line_start..start].chars().count() + 1;
            return Some((line, col));
        }
        from = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    /// README.md's key tables, one per context under `#### <title>`: each
    /// row's backticked keys and its command name.
    fn readme_tables() -> BTreeMap<String, Vec<(String, Vec<String>)>> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
        let readme = std::fs::read_to_string(path).unwrap();
        let keys = readme
            .split("\n### Keys\n")
            .nth(1)
            .and_then(|rest| rest.split("\n## ").next())
            .expect("a ### Keys section");
        let mut tables: BTreeMap<String, Vec<(String, Vec<String>)>> = BTreeMap::new();
        let mut title = String::new();
        for line in keys.lines() {
            if let Some(heading) = line.strip_prefix("#### ") {
                title = heading.trim().to_string();
                tables.entry(title.clone()).or_default();
                continue;
            }
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            // | keys | command | what |
            if cells.len() < 4 || !cells[2].starts_with('`') {
                continue;
            }
            let ticked = |cell: &str| -> Vec<String> {
                cell.split('`')
                    .skip(1)
                    .step_by(2)
                    .map(str::to_string)
                    .collect()
            };
            let name = ticked(cells[2]).join("");
            tables
                .entry(title.clone())
                .or_default()
                .push((name, ticked(cells[1])));
        }
        tables
    }

    #[test]
    fn every_default_key_of_every_screen_is_in_the_readme_and_back() {
        let keymap = Keymap::default();
        let tables = readme_tables();
        for context in Context::ALL {
            let Some(rows) = tables.get(context.title()) else {
                panic!("README.md has no \"#### {}\" key table", context.title());
            };
            let documented: BTreeMap<String, Vec<Key>> = rows
                .iter()
                .map(|(name, keys)| {
                    let keys = keys
                        .iter()
                        .map(|key| {
                            Key::parse(key).unwrap_or_else(|| {
                                panic!("README: {key:?} for {name} is not a key")
                            })
                        })
                        .collect();
                    (name.clone(), keys)
                })
                .collect();
            let defaults: BTreeMap<String, Vec<Key>> = Command::of(context)
                .map(|command| (command.name(), keymap.keys(command).to_vec()))
                .collect();
            assert_eq!(
                documented,
                defaults,
                "README.md's \"{}\" table and the default keys differ",
                context.title()
            );
        }
    }

    #[test]
    fn defaults_have_no_conflicts() {
        let keymap = Keymap::default();
        assert_eq!(keymap.check(), Ok(()));
        assert_eq!(
            keymap.command(Context::Live, &press('m')),
            Some(Command::MutualAid)
        );
        assert_eq!(
            keymap.command(Context::Live, &press('F')),
            Some(Command::CoFacilitator)
        );
        assert_eq!(
            keymap.command(Context::Live, &press(' ')),
            Some(Command::Silence)
        );
        assert_eq!(keymap.command(Context::Live, &press('1')), None);
    }

    #[test]
    fn the_settings_files_keys_apply_and_a_wrong_name_has_its_place() {
        let path = Path::new("config.ron");
        let config = Config::parse(path, "(version: 1, keys: { mutual_aid: \"M\" })").unwrap();
        let keymap = Keymap::default().with_config(&config, path).unwrap();
        assert_eq!(
            keymap.command(Context::Live, &press('M')),
            Some(Command::MutualAid)
        );

        let config = Config::parse(path, "(version: 1,\n keys: { mutual_aide: \"M\" })").unwrap();
        let error = Keymap::default()
            .with_config(&config, path)
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("config.ron:2:10:"), "{error}");
        assert!(error.contains("mutual_aide"), "{error}");
    }

    #[test]
    fn a_file_overrides_and_conflicts_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keymap.ron");
        std::fs::write(
            &path,
            "(version: 1, keys: { mutual_aid: \"M\", end: \"ctrl-q\" })",
        )
        .unwrap();
        let keymap = Keymap::load(&path).unwrap();
        assert_eq!(
            keymap.command(Context::Live, &press('M')),
            Some(Command::MutualAid)
        );
        assert_eq!(keymap.command(Context::Live, &press('m')), None);

        std::fs::write(&path, "(version: 1,\n  keys: { mutual_aid: \"n\" })").unwrap();
        let error = Keymap::load(&path).unwrap_err().to_string();
        assert!(
            error.contains("\"n\" is bound to both norm and mutual_aid (Live panel)"),
            "{error}"
        );
        assert!(error.contains("keymap.ron:2:11:"), "{error}");

        std::fs::write(&path, "(version: 1, keys: { mutual_aid: \"3\" })").unwrap();
        assert!(
            Keymap::load(&path)
                .unwrap_err()
                .to_string()
                .contains("a member's key")
        );

        std::fs::write(&path, "(version: 1, keys: { mutual_aide: \"M\" })").unwrap();
        let error = Keymap::load(&path).unwrap_err().to_string();
        assert!(error.contains("keymap.ron:1:"), "{error}");
    }

    #[test]
    fn conflicts_are_per_screen_with_their_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keymap.ron");
        // `f` means follow on the home screen and the facilitator on the live
        // panel: two screens, no conflict. `n` for start on home is fine too.
        std::fs::write(&path, "(version: 1, keys: { start: \"n\", follow: \"f\" })").unwrap();
        let keymap = Keymap::load(&path).unwrap();
        let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(
            keymap.command(Context::Home, &press('n')),
            Some(Command::Start)
        );
        assert_eq!(keymap.command(Context::Home, &enter), None);
        assert_eq!(
            keymap.command(Context::Live, &press('n')),
            Some(Command::Norm)
        );

        // Within one screen: the home screen's quit on e, where end_open is.
        std::fs::write(
            &path,
            "(version: 1, keys: {\n  start: \"n\",\n  quit: \"e\" })",
        )
        .unwrap();
        let error = Keymap::load(&path).unwrap_err().to_string();
        assert!(
            error.contains("\"e\" is bound to both end_open and quit (Home)"),
            "{error}"
        );
        assert!(
            error.starts_with(&format!("{}:3:3:", path.display())),
            "{error}"
        );

        // A confirmation's keys conflict among themselves only.
        std::fs::write(&path, "(version: 1, keys: { leave: \"y\" })").unwrap();
        let error = Keymap::load(&path).unwrap_err().to_string();
        assert!(error.contains("(End confirmation)"), "{error}");
        assert!(error.contains("keymap.ron:1:22:"), "{error}");

        // Ctrl-C is not rebindable.
        std::fs::write(&path, "(version: 1, keys: { undo: \"ctrl-c\" })").unwrap();
        let error = Keymap::load(&path).unwrap_err().to_string();
        assert!(error.contains("ctrl-c"), "{error}");
    }

    #[test]
    fn every_command_has_a_context_a_name_and_fits_the_help() {
        for command in Command::ALL {
            assert!(!command.contexts().is_empty(), "{command:?}");
            let name = command.name();
            let parsed: Command = ron::from_str(&name).unwrap();
            assert_eq!(parsed, command, "{name}");
            assert!(
                crate::tui::text::width(command.describe()) <= 31,
                "{name}: describe() is wider than a help column"
            );
        }
        let mut names: Vec<String> = Command::ALL.iter().map(|c| c.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Command::ALL.len());
    }

    #[test]
    fn labels_show_every_key_once() {
        let keymap = Keymap::default();
        assert_eq!(keymap.label(Command::Confirm), "y/Enter");
        assert_eq!(keymap.label(Command::Up), "↑/k");
        assert_eq!(keymap.label(Command::Quit), "q/Esc");
        assert_eq!(keymap.label(Command::CoFacilitator), "F");
    }
}
