//! The user's settings file, in the platform's config folder (or `GROUPSCRIBE_CONFIG`).
//! Unknown keys are errors with their place, never silently ignored.

use crate::diag::{FileError, ron_text};
use crate::model::NameStyle;
use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// `config.ron`:
/// `(version: 1, store: "/home/sam/records", theme: "light", names: Initials,
///   keys: { mutual_aid: "M" }, facilitator: "Sam Okafor", co_facilitator: "Lee Park")`
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub version: u32,
    #[serde(default)]
    pub store: Option<PathBuf>,
    /// A theme name (`default`, `light`, `high-contrast`, `colour-blind`) or a file.
    #[serde(default)]
    pub theme: Option<String>,
    #[serde(default)]
    pub names: Option<NameStyle>,
    /// Keymap overrides, as in a keymap file, as written: the settings file
    /// does not know the commands; the keymap reads them with [`Config::keys_as`].
    #[serde(default)]
    pub keys: BTreeMap<CommandName, String>,
    /// Default facilitator names for `groupscribe group new`.
    #[serde(default)]
    pub facilitator: Option<String>,
    #[serde(default)]
    pub co_facilitator: Option<String>,
    /// The shape of notes (`Birp`, `Dap`, `Girp`, `Soap`, `Narrative`) where
    /// neither `--style` nor the group's `note_style` says.
    #[serde(default)]
    pub note_style: Option<crate::model::NoteStyle>,
    /// The file this came from and its text, so that [`Config::keys_as`] can
    /// point at the line and column of a command name it does not know.
    #[serde(skip)]
    source: Option<(PathBuf, String)>,
}

/// A command's name before its key (`mutual_aid` in `keys: { mutual_aid: "M" }`),
/// a bare RON identifier, unchecked.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CommandName(pub String);

impl<'de> Deserialize<'de> for CommandName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Name;
        impl Visitor<'_> for Name {
            type Value = CommandName;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a command name such as mutual_aid")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<CommandName, E> {
                Ok(CommandName(name.to_string()))
            }
        }
        deserializer.deserialize_identifier(Name)
    }
}

/// Only the `keys` of a settings file, read with the caller's command type.
#[derive(Deserialize)]
struct KeysOnly<K: Ord> {
    #[serde(default = "BTreeMap::new")]
    keys: BTreeMap<K, String>,
}

/// Where the config file is looked for: `GROUPSCRIBE_CONFIG`, else the platform's
/// config folder (`~/.config/groupscribe/config.ron` on Linux).
pub fn config_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("GROUPSCRIBE_CONFIG") {
        return Some(PathBuf::from(path));
    }
    directories::ProjectDirs::from("", "", "groupscribe")
        .map(|dirs| dirs.config_dir().join("config.ron"))
}

impl Config {
    pub fn load(path: &Path) -> Result<Config, FileError> {
        let text = std::fs::read_to_string(path).map_err(FileError::io(path, "read"))?;
        Config::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Config, FileError> {
        let mut config: Config = ron_text::parse_versioned(path, text, 0)?;
        config.source = Some((path.to_path_buf(), text.to_string()));
        Ok(config)
    }

    /// The `keys` overrides read as `K`, the command type of whoever knows the
    /// commands (the terminal's keymap): a name `K` does not have is an error
    /// with this file's line and column, as RON reports it.
    pub fn keys_as<K: DeserializeOwned + Ord>(&self) -> Result<BTreeMap<K, String>, FileError> {
        let (path, text) = match &self.source {
            Some((path, text)) => (path.clone(), text.clone()),
            // Not read from a file (built in code): the keys as RON, to read the same way.
            None => (PathBuf::from("settings"), self.keys_as_ron()?),
        };
        let only: KeysOnly<K> = ron_text::parse(&path, &text, 0)?;
        Ok(only.keys)
    }

    /// The text of the file this came from, to point at a line and column in it.
    pub fn source_text(&self) -> Option<&str> {
        self.source.as_ref().map(|(_, text)| text.as_str())
    }

    /// `(keys: { mutual_aid: "M" })`
    fn keys_as_ron(&self) -> Result<String, FileError> {
        let mut text = String::from("(keys: {");
        for (CommandName(name), key) in &self.keys {
            let key = ron_text::to_line(Path::new("settings"), key)?;
            text.push_str(&format!("{name}: {},", key.trim_end()));
        }
        text.push_str("})");
        Ok(text)
    }

    /// The config in force: the file if it exists, the defaults if it does not.
    pub fn load_if_present(path: Option<&Path>) -> Result<Config, FileError> {
        match path {
            Some(path) if path.exists() => Config::load(path),
            _ => Ok(Config::default()),
        }
    }

    /// A theme folder beside the config file, for user themes by name.
    pub fn themes_dir(path: Option<&Path>) -> Option<PathBuf> {
        path.and_then(Path::parent).map(|dir| dir.join("themes"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_config_parses() {
        let text = r#"(version: 1, store: "/srv/records", theme: "light", names: Initials,
            keys: { mutual_aid: "M" }, facilitator: "Sam Okafor", co_facilitator: "Lee Park")"#;
        let config = Config::parse(Path::new("config.ron"), text).unwrap();
        assert_eq!(config.store, Some(PathBuf::from("/srv/records")));
        assert_eq!(config.names, Some(NameStyle::Initials));
        assert_eq!(
            Config::parse(Path::new("config.ron"), "(version: 1, note_style: Soap)")
                .unwrap()
                .note_style,
            Some(crate::model::NoteStyle::Soap)
        );
        assert_eq!(
            config
                .keys
                .get(&CommandName("mutual_aid".into()))
                .map(String::as_str),
            Some("M")
        );
    }

    /// The keymap's command type, as far as this file cares: two names.
    #[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Command {
        MutualAid,
        End,
    }

    #[test]
    fn keys_are_read_with_the_callers_commands_and_a_wrong_name_has_its_place() {
        let text = "(\n  version: 1,\n  keys: { end: \"ctrl-q\",\n    mutual_aide: \"M\" },\n)";
        let config = Config::parse(Path::new("config.ron"), text).unwrap();
        assert_eq!(config.keys.len(), 2, "the settings file takes any name");
        let error = config.keys_as::<Command>().unwrap_err().to_string();
        assert!(error.starts_with("config.ron:4:5:"), "{error}");
        assert!(error.contains("mutual_aide"), "{error}");

        let text = "(version: 1, keys: { mutual_aid: \"M\", end: \"ctrl-q\" })";
        let keys = Config::parse(Path::new("config.ron"), text)
            .unwrap()
            .keys_as::<Command>()
            .unwrap();
        assert_eq!(
            keys.into_iter().collect::<Vec<_>>(),
            [
                (Command::MutualAid, "M".to_string()),
                (Command::End, "ctrl-q".to_string())
            ]
        );
        assert!(Config::default().keys_as::<Command>().unwrap().is_empty());
        let mut built = Config::default();
        built.keys.insert(CommandName("end".into()), "\"q\"".into());
        assert_eq!(
            built
                .keys_as::<Command>()
                .unwrap()
                .into_iter()
                .collect::<Vec<_>>(),
            [(Command::End, "\"q\"".to_string())],
            "keys set in code are read too"
        );
    }

    #[test]
    fn an_unknown_key_is_an_error_with_its_place() {
        let text = "(\n  version: 1,\n  colour_theme: \"light\",\n)";
        let error = Config::parse(Path::new("config.ron"), text)
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("config.ron:3:"), "{error}");
        assert!(error.contains("colour_theme"), "{error}");
    }

    #[test]
    fn a_missing_file_means_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::load_if_present(Some(&dir.path().join("config.ron"))).unwrap();
        assert_eq!(config, Config::default());
    }
}
