//! The user's settings file, in the platform's config folder (or `GROUPSCRIBE_CONFIG`).
//! Unknown keys are errors with their place, never silently ignored.

use crate::model::NameStyle;
use crate::store::{StoreError, ron_text};
use crate::tui::keymap::Command;
use serde::Deserialize;
use std::collections::BTreeMap;
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
    /// Keymap overrides, as in a keymap file.
    #[serde(default)]
    pub keys: BTreeMap<Command, String>,
    /// Default facilitator names for `groupscribe group new`.
    #[serde(default)]
    pub facilitator: Option<String>,
    #[serde(default)]
    pub co_facilitator: Option<String>,
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
    pub fn load(path: &Path) -> Result<Config, StoreError> {
        let text = std::fs::read_to_string(path).map_err(StoreError::io(path, "read"))?;
        Config::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Config, StoreError> {
        ron_text::parse_versioned(path, text, 0)
    }

    /// The config in force: the file if it exists, the defaults if it does not.
    pub fn load_if_present(path: Option<&Path>) -> Result<Config, StoreError> {
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
            config.keys.get(&Command::MutualAid).map(String::as_str),
            Some("M")
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
