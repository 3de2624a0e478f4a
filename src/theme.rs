//! Colours and styles for every role the screen uses, so views never name a colour.
//! Themes are RON files (`themes/*.ron`); the four bundled ones are also built in.

use crate::diag::{FileError, ron_text};
use crate::model::{MomentKind, StyleRole};
use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// A colour as written in a theme: a name (`red`, `light_blue`, `dark_gray`),
/// `#rrggbb`, or an index `0`–`255`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Colour(pub Color);

impl<'de> Deserialize<'de> for Colour {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Color::from_str(&text).map(Colour).map_err(|_| {
            serde::de::Error::custom(format!(
                "\"{text}\" is not a colour: use a name (red, light_blue, dark_gray, …), #rrggbb or 0–255"
            ))
        })
    }
}

/// One role's style as written in a theme file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StyleSpec {
    pub fg: Option<Colour>,
    pub bg: Option<Colour>,
    pub bold: bool,
    pub dim: bool,
    pub italic: bool,
    pub underlined: bool,
    pub reversed: bool,
}

impl StyleSpec {
    fn style(&self) -> Style {
        let mut style = Style::default();
        if let Some(Colour(fg)) = self.fg {
            style = style.fg(fg);
        }
        if let Some(Colour(bg)) = self.bg {
            style = style.bg(bg);
        }
        let flags = [
            (self.bold, Modifier::BOLD),
            (self.dim, Modifier::DIM),
            (self.italic, Modifier::ITALIC),
            (self.underlined, Modifier::UNDERLINED),
            (self.reversed, Modifier::REVERSED),
        ];
        for (on, modifier) in flags {
            if on {
                style = style.add_modifier(modifier);
            }
        }
        style
    }
}

/// Declares every role once: the `Theme` of styles the views use, and the theme
/// file, in which every role must appear (a missing or misspelt role is an error).
macro_rules! roles {
    ($($(#[$doc:meta])* $role:ident),+ $(,)?) => {
        #[derive(Debug, Clone, PartialEq)]
        pub struct Theme {
            pub name: String,
            $($(#[$doc])* pub $role: Style,)+
        }

        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        struct RoleSpecs {
            $($role: StyleSpec,)+
        }

        impl RoleSpecs {
            fn into_theme(self, name: String) -> Theme {
                Theme { name, $($role: self.$role.style(),)+ }
            }
        }

        /// Every role's name, as written in theme files.
        pub const ROLES: &[&str] = &[$(stringify!($role)),+];

        impl Theme {
            /// The same theme with every colour removed and every modifier kept
            /// (for `NO_COLOR`): what colour showed, symbols and text still show.
            pub fn without_colour(&self) -> Theme {
                let plain = |style: Style| Style { fg: None, bg: None, underline_color: None, ..style };
                Theme { name: self.name.clone(), $($role: plain(self.$role),)+ }
            }

            /// Plain terminal styles for every role.
            fn plain(name: String) -> Theme {
                Theme { name, $($role: Style::default(),)+ }
            }

            /// Every role's style, in declaration order, for tests and `check`.
            pub fn styles(&self) -> Vec<(&'static str, Style)> {
                vec![$((stringify!($role), self.$role)),+]
            }
        }
    };
}

roles!(
    title,
    clock,
    recording,
    on_break,
    /// The roster row of whoever is speaking now.
    speaking,
    roster,
    dim,
    bar,
    border,
    selected,
    saved,
    save_failed,
    message,
    key,
    picker_chosen,
    dialog,
    norm,
    conflict,
    mutual_aid,
    intervention,
    risk,
    note,
    /// Theme moments: what the group worked on.
    theme,
    /// Timeline lanes: members' turns, the workers' turns, and the cursor.
    lane_member,
    lane_facilitator,
    timeline_cursor,
);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    version: u32,
    name: String,
    roles: RoleSpecs,
}

/// The themes that ship with groupscribe, usable without the `themes/` folder.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("default", include_str!("../themes/default.ron")),
    ("light", include_str!("../themes/light.ron")),
    ("high-contrast", include_str!("../themes/high-contrast.ron")),
    ("colour-blind", include_str!("../themes/colour-blind.ron")),
];

impl Default for Theme {
    fn default() -> Self {
        // The bundled default is checked by a test, so this cannot fail in a release.
        Theme::parse(Path::new("themes/default.ron"), BUILT_IN[0].1)
            .unwrap_or_else(|_| Theme::fallback())
    }
}

impl Theme {
    pub fn parse(path: &Path, text: &str) -> Result<Theme, FileError> {
        let file: ThemeFile = ron_text::parse_versioned(path, text, 0)?;
        let _ = file.version;
        Ok(file.roles.into_theme(file.name))
    }

    pub fn load(path: &Path) -> Result<Theme, FileError> {
        let text = std::fs::read_to_string(path).map_err(FileError::io(path, "read"))?;
        Theme::parse(path, &text)
    }

    /// Only if the bundled default were broken: plain terminal styles.
    fn fallback() -> Theme {
        Theme::plain("fallback".into())
    }

    pub fn moment(&self, kind: &MomentKind) -> Style {
        self.role(kind.family().style_role())
    }

    /// The style of a moment kind's role (see `model::family`).
    pub fn role(&self, role: StyleRole) -> Style {
        match role {
            StyleRole::Norm => self.norm,
            StyleRole::Conflict => self.conflict,
            StyleRole::MutualAid => self.mutual_aid,
            StyleRole::Intervention => self.intervention,
            StyleRole::Risk => self.risk,
            StyleRole::Note => self.note,
            StyleRole::Theme => self.theme,
        }
    }
}

/// Where a theme comes from: a file that can change while the app runs, or built in.
#[derive(Debug, Clone, PartialEq)]
pub enum ThemeSource {
    File(PathBuf),
    BuiltIn(&'static str),
}

impl ThemeSource {
    /// `NAME` looks in `themes_dir` (`NAME.ron`) first, then the built-in themes;
    /// anything with a `/` or ending in `.ron` is a file.
    pub fn resolve(name_or_file: &str, themes_dir: &Path) -> Result<ThemeSource, FileError> {
        let as_path = Path::new(name_or_file);
        if name_or_file.contains('/') || name_or_file.ends_with(".ron") {
            return Ok(ThemeSource::File(as_path.to_path_buf()));
        }
        let beside = themes_dir.join(format!("{name_or_file}.ron"));
        if beside.is_file() {
            return Ok(ThemeSource::File(beside));
        }
        BUILT_IN
            .iter()
            .find(|(name, _)| *name == name_or_file)
            .map(|(name, _)| ThemeSource::BuiltIn(name))
            .ok_or_else(|| FileError::Invalid {
                path: as_path.to_path_buf(),
                what: format!("no theme called \"{name_or_file}\""),
                hint: format!(
                    "Use one of: {}, or a path to a theme .ron file.",
                    BUILT_IN
                        .iter()
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            })
    }

    pub fn load(&self) -> Result<Theme, FileError> {
        match self {
            ThemeSource::File(path) => Theme::load(path),
            ThemeSource::BuiltIn(name) => {
                let text = BUILT_IN
                    .iter()
                    .find(|(n, _)| n == name)
                    .map_or("", |(_, t)| t);
                Theme::parse(&PathBuf::from(format!("themes/{name}.ron")), text)
            }
        }
    }

    pub fn file(&self) -> Option<&Path> {
        match self {
            ThemeSource::File(path) => Some(path),
            ThemeSource::BuiltIn(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_theme_loads_from_the_themes_folder_and_covers_every_role() {
        // Every theme file shipped in themes/ is also built in, and no other.
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes");
        let mut on_disk: Vec<String> = std::fs::read_dir(&folder)
            .unwrap()
            .flatten()
            .filter_map(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                name.strip_suffix(".ron").map(str::to_string)
            })
            .collect();
        on_disk.sort();
        let mut built_in: Vec<String> = BUILT_IN.iter().map(|(n, _)| n.to_string()).collect();
        built_in.sort();
        assert_eq!(on_disk, built_in, "themes/ and the built-in list differ");
        for (name, _) in BUILT_IN {
            let path = folder.join(format!("{name}.ron"));
            let theme = Theme::load(&path).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(theme.name, *name);
            assert_eq!(theme.styles().len(), ROLES.len());
            // Every role says something: a colour or a modifier, so no role is forgotten.
            for (role, style) in theme.styles() {
                let styled =
                    style.fg.is_some() || style.bg.is_some() || !style.add_modifier.is_empty();
                assert!(
                    styled || role == "roster",
                    "{name}: role {role} has no style"
                );
            }
        }
    }

    #[test]
    fn a_missing_or_misspelt_role_is_an_error_with_its_place() {
        let text = BUILT_IN[0].1.replace("mutual_aid:", "mutual_aide:");
        let error = Theme::parse(Path::new("t.ron"), &text)
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("t.ron:"), "{error}");
        assert!(error.contains("mutual_aide"), "{error}");
    }

    #[test]
    fn a_bad_colour_names_the_line_and_the_colour() {
        let text = BUILT_IN[0].1.replacen("\"cyan\"", "\"cyanish\"", 1);
        let line = text.lines().position(|l| l.contains("cyanish")).unwrap() + 1;
        let error = Theme::parse(Path::new("t.ron"), &text)
            .unwrap_err()
            .to_string();
        assert!(error.contains(&format!("t.ron:{line}:")), "{error}");
        assert!(error.contains("\"cyanish\" is not a colour"), "{error}");
    }

    #[test]
    fn no_colour_keeps_modifiers_only() {
        let theme = Theme::default().without_colour();
        for (_, style) in theme.styles() {
            assert_eq!((style.fg, style.bg), (None, None));
        }
        assert!(theme.speaking.add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn names_resolve_to_files_first_then_built_ins() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            ThemeSource::resolve("light", dir.path()).unwrap(),
            ThemeSource::BuiltIn("light")
        );
        std::fs::write(dir.path().join("light.ron"), BUILT_IN[1].1).unwrap();
        assert_eq!(
            ThemeSource::resolve("light", dir.path()).unwrap(),
            ThemeSource::File(dir.path().join("light.ron"))
        );
        assert!(
            ThemeSource::resolve("neon", dir.path())
                .unwrap_err()
                .to_string()
                .contains("no theme called")
        );
    }
}
