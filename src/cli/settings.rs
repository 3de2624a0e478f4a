//! Settings in force: command-line flags, then the environment, then the config
//! file, then the defaults — each value remembers where it came from.

use super::Cli;
use crate::config::{Config, config_path};
use crate::diag::FileError;
use crate::model::NameStyle;
use crate::theme::ThemeSource;
use crate::tui::Keymap;
use crate::tui::keymap::Command;
use std::fmt::Write as _;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Setting<T> {
    pub value: T,
    pub source: &'static str,
}

fn pick<T>(candidates: [(Option<T>, &'static str); 3], default: T) -> Setting<T> {
    candidates
        .into_iter()
        .find_map(|(value, source)| value.map(|value| Setting { value, source }))
        .unwrap_or(Setting {
            value: default,
            source: "default",
        })
}

#[derive(Debug)]
pub struct Settings {
    pub config_path: Option<PathBuf>,
    pub config: Config,
    pub store: Setting<PathBuf>,
    pub names: Setting<NameStyle>,
    pub theme: Setting<String>,
    /// Files whose keys override the defaults, in the order applied.
    pub keymap_files: Vec<PathBuf>,
}

impl Settings {
    pub fn resolve(cli: &Cli) -> Result<Settings, FileError> {
        let config_path = config_path();
        let config = Config::load_if_present(config_path.as_deref())?;
        // A command name the keymap does not know is an error now, as any other
        // mistake in the file.
        config.keys_as::<Command>()?;
        let store = pick(
            [
                (cli.dir_flag.clone(), "--dir or GROUPSCRIBE_DIR"),
                (config.store.clone(), "config"),
                (None, ""),
            ],
            PathBuf::from("sessions"),
        );
        let names = pick(
            [
                (cli.names_flag, "--names"),
                (config.names, "config"),
                (None, ""),
            ],
            NameStyle::Alias,
        );
        let theme = pick(
            [
                (cli.theme.clone(), "--theme"),
                (config.theme.clone(), "config"),
                (None, ""),
            ],
            "default".into(),
        );
        let mut keymap_files = Vec::new();
        if let Some(file) = &cli.keymap {
            keymap_files.push(file.clone());
        } else {
            let beside = store.value.join("keymap.ron");
            if beside.is_file() {
                keymap_files.push(beside);
            }
        }
        Ok(Settings {
            config_path,
            config,
            store,
            names,
            theme,
            keymap_files,
        })
    }

    /// Default keys, then the config's `keys`, then the keymap file; conflicts are errors.
    pub fn keymap(&self) -> Result<Keymap, FileError> {
        let config_file = self
            .config_path
            .clone()
            .unwrap_or_else(|| PathBuf::from("config.ron"));
        let mut keymap = Keymap::default().with_config(&self.config, &config_file)?;
        for file in &self.keymap_files {
            keymap = keymap.with_file(file)?;
        }
        Ok(keymap)
    }

    pub fn theme_source(&self) -> Result<ThemeSource, FileError> {
        let user_themes = Config::themes_dir(self.config_path.as_deref());
        let themes_dir = match &user_themes {
            Some(dir) if dir.join(format!("{}.ron", self.theme.value)).is_file() => dir.clone(),
            _ => PathBuf::from("themes"),
        };
        ThemeSource::resolve(&self.theme.value, &themes_dir)
    }

    /// What `groupscribe config` prints.
    pub fn report(&self) -> String {
        let mut out = String::new();
        let config_line = match &self.config_path {
            Some(path) if path.exists() => format!("{} (in use)", path.display()),
            Some(path) => format!("{} (not there: defaults in force)", path.display()),
            None => "no config folder on this system".to_string(),
        };
        let _ = writeln!(out, "config file   {config_line}");
        let _ = writeln!(
            out,
            "store         {}  [{}]",
            self.store.value.display(),
            self.store.source
        );
        let _ = writeln!(
            out,
            "names         {:?}  [{}]",
            self.names.value, self.names.source
        );
        let theme = match self.theme_source() {
            Ok(ThemeSource::File(path)) => format!("{} ({})", self.theme.value, path.display()),
            Ok(ThemeSource::BuiltIn(name)) => format!("{name} (built in)"),
            Err(error) => format!("{} — {error}", self.theme.value),
        };
        let _ = writeln!(out, "theme         {theme}  [{}]", self.theme.source);
        let facilitator = self.config.facilitator.as_deref().unwrap_or("(none)");
        let co = self.config.co_facilitator.as_deref().unwrap_or("(none)");
        let _ = writeln!(
            out,
            "facilitator   {facilitator}  co-facilitator {co}  [config]"
        );
        let _ = writeln!(
            out,
            "NO_COLOR      {}",
            if no_colour() {
                "set: no colours"
            } else {
                "not set"
            }
        );
        let files: Vec<String> = self
            .keymap_files
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        let _ = writeln!(
            out,
            "keys          defaults{}{}",
            if self.config.keys.is_empty() {
                ""
            } else {
                " + config"
            },
            if files.is_empty() {
                String::new()
            } else {
                format!(" + {}", files.join(", "))
            }
        );
        match self.keymap() {
            Ok(keymap) => {
                for command in Command::ALL {
                    let _ = writeln!(
                        out,
                        "  {:<8} {}",
                        keymap.key(command).to_string(),
                        command.describe()
                    );
                }
            }
            Err(error) => {
                let _ = writeln!(out, "  {error}");
            }
        }
        out
    }
}

/// `NO_COLOR` set to anything but empty (no-color.org).
pub fn no_colour() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty())
}
