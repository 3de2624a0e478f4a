//! Every key binding in one place: the defaults, a RON file that overrides them,
//! and the check that no two commands share a key.

use crate::config::Config;
use crate::diag::{FileError, ron_text};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// What a key does on the live panel (member hotkeys are fixed: `1`–`0`, then `.1`–`.0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
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
    Stage,
    GoalRating,
    Break,
    Undo,
    End,
    Help,
    /// Prefix for members 11–20: `.` then `1`–`0`.
    MoreMembers,
}

impl Command {
    pub const ALL: [Command; 22] = [
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
        Command::Stage,
        Command::GoalRating,
        Command::Break,
        Command::Undo,
        Command::End,
        Command::Help,
        Command::MoreMembers,
    ];

    fn default_key(self) -> Key {
        let c = match self {
            Command::Facilitator => 'f',
            Command::CoFacilitator => 'F',
            Command::Crosstalk => 'x',
            Command::Silence => ' ',
            Command::Norm => 'n',
            Command::Conflict => 'c',
            Command::MutualAid => 'm',
            Command::Intervention => 'i',
            Command::Risk => 'r',
            Command::Note => 't',
            Command::Bookmark => 'b',
            Command::Attendance => 'a',
            Command::Segment => 's',
            Command::Plan => 'P',
            Command::Theme => 'w',
            Command::Stage => 'g',
            Command::GoalRating => 'G',
            Command::Break => 'p',
            Command::Undo => 'u',
            Command::End => 'q',
            Command::Help => '?',
            Command::MoreMembers => '.',
        };
        Key::Char(c)
    }

    /// Short enough for one column of the help overlay (at most 34 cells).
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
            Command::Stage => "stage of group development",
            Command::GoalRating => "goal rating (-2..+2)",
            Command::Break => "break: pause / resume clock",
            Command::Undo => "undo last (kept, retracted)",
            Command::End => "end the session (confirms)",
            Command::Help => "this help",
            Command::MoreMembers => "members 11–20: this, then 1–0",
        }
    }
}

/// A key as written in a keymap file: `"m"`, `"M"`, `"space"`, `"f2"`, `"ctrl-e"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    Char(char),
    Ctrl(char),
    F(u8),
}

impl Key {
    pub fn parse(text: &str) -> Option<Key> {
        let lower = text.to_ascii_lowercase();
        if lower == "space" {
            return Some(Key::Char(' '));
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
        }
    }
}

/// The bindings in force.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    by_command: BTreeMap<Command, Key>,
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
            by_command: Command::ALL.iter().map(|&c| (c, c.default_key())).collect(),
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
        self.with_overrides(&file.keys, path)
    }

    /// These bindings with the settings file's `keys` on top: the keymap knows
    /// the commands, so a name it does not know is an error at its place there.
    pub fn with_config(self, config: &Config, source: &Path) -> Result<Keymap, FileError> {
        self.with_overrides(&config.keys_as::<Command>()?, source)
    }

    /// These bindings with `overrides` on top; `source` names where they came from
    /// in errors. Conflicts are checked on the result.
    pub fn with_overrides(
        mut self,
        overrides: &BTreeMap<Command, String>,
        source: &Path,
    ) -> Result<Keymap, FileError> {
        for (command, text) in overrides {
            let key = Key::parse(text).ok_or_else(|| FileError::Invalid {
                path: source.to_path_buf(),
                what: format!("\"{text}\" (for {command:?}) is not a key"),
                hint:
                    "Write one character (\"m\"), \"space\", \"f1\"–\"f12\" or \"ctrl-<letter>\"."
                        .into(),
            })?;
            self.by_command.insert(*command, key);
        }
        self.check().map_err(|what| FileError::Invalid {
            path: source.to_path_buf(),
            what,
            hint: "Give each command its own key; digits are the members' keys.".into(),
        })?;
        Ok(self)
    }

    /// Two commands on one key, or a command on a member's digit, is a conflict.
    pub fn check(&self) -> Result<(), String> {
        let mut seen: BTreeMap<Key, Command> = BTreeMap::new();
        for (&command, &key) in &self.by_command {
            if let Key::Char(c) = key
                && c.is_ascii_digit()
            {
                return Err(format!("{command:?} is bound to \"{c}\", a member's key"));
            }
            if let Some(other) = seen.insert(key, command) {
                return Err(format!(
                    "\"{key}\" is bound to both {other:?} and {command:?}"
                ));
            }
        }
        Ok(())
    }

    pub fn command(&self, event: &KeyEvent) -> Option<Command> {
        let key = Key::from_event(event)?;
        self.by_command
            .iter()
            .find(|(_, k)| **k == key)
            .map(|(c, _)| *c)
    }

    pub fn key(&self, command: Command) -> Key {
        self.by_command
            .get(&command)
            .copied()
            .unwrap_or_else(|| command.default_key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn defaults_have_no_conflicts_and_match_the_readme() {
        let keymap = Keymap::default();
        assert_eq!(keymap.check(), Ok(()));
        assert_eq!(keymap.command(&press('m')), Some(Command::MutualAid));
        assert_eq!(keymap.command(&press('F')), Some(Command::CoFacilitator));
        assert_eq!(keymap.command(&press(' ')), Some(Command::Silence));
        assert_eq!(keymap.command(&press('1')), None);
    }

    #[test]
    fn the_settings_files_keys_apply_and_a_wrong_name_has_its_place() {
        let path = Path::new("config.ron");
        let config = Config::parse(path, "(version: 1, keys: { mutual_aid: \"M\" })").unwrap();
        let keymap = Keymap::default().with_config(&config, path).unwrap();
        assert_eq!(keymap.command(&press('M')), Some(Command::MutualAid));

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
        assert_eq!(keymap.command(&press('M')), Some(Command::MutualAid));
        assert_eq!(keymap.command(&press('m')), None);

        std::fs::write(&path, "(version: 1, keys: { mutual_aid: \"n\" })").unwrap();
        let error = Keymap::load(&path).unwrap_err().to_string();
        assert!(error.contains("\"n\" is bound to both"), "{error}");

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
}
